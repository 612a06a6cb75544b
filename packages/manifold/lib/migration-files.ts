// The shipped migration folders, read without the schema engine: what `migrate` applies (lib/migrations.ts) and what
// /api/ready compares a database's applied migrations with (lib/readiness.ts), so the route's bundle stays small.
import fs from 'node:fs';
import path from 'node:path';
import type { Provider } from './schema';

export function migrationsDir(provider: Provider, root: string) {
  return path.join(root, 'prisma', 'migrations', provider);
}

/** The migrations shipped for a provider, oldest first (folders holding a migration.sql). */
export function listMigrationNames(provider: Provider, root: string): string[] {
  const dir = migrationsDir(provider, root);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}
