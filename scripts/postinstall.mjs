// Runs after `npm install`: generates the app registry (.manifold/, from site.config.ts), assembles the Prisma
// schema from the installed apps and generates one client per database provider (SQLite and PostgreSQL).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
/** @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(tsx, [path.join(root, 'lib', 'registry', 'generate.ts'), root]);
run(tsx, ['-e', "import('./lib/schema.ts').then(m => m.writeSchemas())"]);
// The Prisma CLI insists on a native schema engine it would download; `generate` never runs it,
// so any executable satisfies the check. Migrations go through the wasm engine (lib/migrations).
const engine = fs.existsSync('/bin/true') ? '/bin/true' : process.execPath;
for (const provider of ['sqlite', 'postgresql']) {
  run(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate', '--schema', `prisma/${provider}/schema.prisma`], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? engine,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  });
}
