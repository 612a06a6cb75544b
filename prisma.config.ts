// Prisma CLI settings. The schema is assembled per provider from apps/*/models.prisma (lib/schema.ts);
// migrations are applied by `npm run manage -- migrate` through Prisma's wasm schema engine.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/sqlite/schema.prisma',
});
