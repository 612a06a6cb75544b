// `manifold setup` (a site's postinstall): generates the app registry (.manifold/, from site.config.ts), assembles
// the Prisma schema from the installed apps and generates one client per database provider (SQLite and
// PostgreSQL) into the project's prisma/generated/. A site with no migration at all (one `startproject` just wrote)
// gets its first one here, made by the framework version npm installed rather than whichever ran startproject.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../lib/server/settings.mjs';

const root = projectRoot();
const { register } = await import('tsx/esm/api');
register();
await import('../lib/node/register.mjs');
const here = (/** @type {string} */ p) => fileURLToPath(new URL(p, import.meta.url));
const { syncRegistry } = await import(here('../lib/registry/generate.ts'));
await syncRegistry(root);
const { writeSchemas } = await import(here('../lib/schema.ts'));
writeSchemas(root);

// The Prisma CLI insists on a native schema engine it would download; `generate` never runs it,
// so any executable satisfies the check. Migrations go through the wasm engine (lib/migrations).
const engine = fs.existsSync('/bin/true') ? '/bin/true' : process.execPath;
const prisma = path.join(path.dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build', 'index.js');
for (const provider of ['sqlite', 'postgresql']) {
  const r = spawnSync(process.execPath, [prisma, 'generate', '--schema', `prisma/${provider}/schema.prisma`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? engine, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { listMigrationNames, makeMigrations } = await import(here('../lib/migrations.ts'));
if (['sqlite', 'postgresql'].every((provider) => listMigrationNames(provider, root).length === 0)) {
  const made = await makeMigrations({ root, name: 'initial' });
  for (const m of made) console.log(`Made the site's first migration: ${path.relative(root, m.dir)} (commit it; \`npm run manage -- migrate\` applies it)`);
}
