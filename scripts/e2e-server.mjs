// The servers Playwright drives: a fresh database (SQLite by default, PostgreSQL with --postgres) with the sample
// content, the e2e posts and a post that never compiled, the current build, and server.mjs on the given port.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureBuild, manage, prepareDatabase, root, sampleContentDir, startNext } from 'manifold/testing/serve';

const port = Number(process.argv[2] ?? 3107);
const postgres = process.argv.includes('--postgres');

/** @param {string} url */
async function freshPostgres(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`e2e PostgreSQL database name "${name}" must be lowercase letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

let url;
if (postgres) {
  url = process.env.E2E_PG_DATABASE_URL ?? `postgresql://postgres@127.0.0.1:5432/manifold_e2e_${port}`;
  await freshPostgres(url);
} else {
  url = process.env.E2E_DATABASE_URL ?? `file:${path.join(root, 'data', 'e2e', 'e2e.db')}`;
  const file = url.slice('file:'.length);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
}
const env = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1' };
prepareDatabase(env, sampleContentDir());
// Two more published posts (so the home page has a second page), a draft and a future post (which must stay hidden).
manage(['loadcontent', path.join(root, 'tests', 'fixtures', 'e2e-posts')], env);
const seeded = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', 'tests/support/e2e-seed.ts'], { cwd: root, env, stdio: 'inherit' });
if (seeded.status !== 0) process.exit(seeded.status ?? 1);

// Playwright starts every project's server at once; one builds while the others wait, then find the build fresh.
const lock = path.join(root, '.next-e2e-build.lock');
const alive = (/** @type {number} */ pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
let held = false;
process.on('exit', () => held && fs.rmSync(lock, { recursive: true, force: true }));
for (;;) {
  try {
    fs.mkdirSync(lock);
    held = true;
    fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
    break;
  } catch {
    const holder = Number(fs.existsSync(path.join(lock, 'pid')) ? fs.readFileSync(path.join(lock, 'pid'), 'utf8') : 0);
    if (holder && !alive(holder)) fs.rmSync(lock, { recursive: true, force: true });
    else await new Promise((r) => setTimeout(r, 1000));
  }
}
try {
  ensureBuild();
} finally {
  fs.rmSync(lock, { recursive: true, force: true });
  held = false;
}

const child = startNext(port, env);
child.on('exit', (code) => process.exit(code ?? 0));
