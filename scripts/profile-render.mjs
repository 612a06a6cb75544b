// `node scripts/profile-render.mjs [--seconds 15] [--path / --path /posts/django-start …] [--keep dir] [--encoding identity]`: where a
// page-cache miss spends its time (issue 16). Serves the sample blog plus the bench's generated posts from one
// production server.mjs process (WEB_CONCURRENCY=1, MANIFOLD_PAGE_CACHE_MB=0) under `node --cpu-prof`, loads each
// path with autocannon (32 connections), then stops the server and prints the profile: milliseconds per request by
// part (scripts/lib/cpuprofile.mjs) and the heaviest functions by self and total time. Needs a build (ensureBuild).
// The database is its own (data/profile/profile.db), kept between runs.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { ensureBuild, prepareDatabase, root, sampleContentDir, serverScript } from 'manifold/testing/serve';
import { exited } from './lib/bench-support.mjs';
import { modules, parts, readProfile, topFunctions } from './lib/cpuprofile.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    path: { type: 'string', multiple: true },
    connections: { type: 'string', default: '32' },
    keep: { type: 'string' },
    top: { type: 'string', default: '25' },
    // Serve the .next there is, as it is (to compare builds: move one aside, build another, swap them back).
    'no-build': { type: 'boolean', default: false },
    // What the load asks for: a browser's Accept-Encoding (the default), or `identity` for the bench's plain rows.
    encoding: { type: 'string', default: 'gzip, deflate, br' },
  },
});
const paths = args.path?.length ? args.path : ['/', '/posts/django-start', '/posts/gradient-descent-learning-rate'];
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const port = Number(process.env.BENCH_PORT ?? 3230);
const base = `http://127.0.0.1:${port}`;
const dir = path.join(root, 'data', 'profile');
fs.mkdirSync(dir, { recursive: true });
const url = `file:${path.join(dir, 'profile.db')}`;

if (!args['no-build']) ensureBuild();
const env = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1' };
const fresh = !fs.existsSync(path.join(dir, 'profile.db'));
prepareDatabase(env, sampleContentDir());
if (fresh) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('manifold/register');
  const { createDb } = await import('manifold/db');
  const { parseDatabaseUrl } = await import('manifold/database-url');
  const { generatePosts } = await import('./generate-posts.mjs');
  const db = createDb(parseDatabaseUrl(url));
  try {
    await generatePosts(db, { count: 1200, seed: 16 });
  } finally {
    await db.$disconnect();
  }
}

/** User and system CPU milliseconds a process has used (Linux /proc; NaN elsewhere). @param {number} pid */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** @param {string} p @param {number} s @param {number} c */
function load(p, s, c = connections) {
  // As a browser asks (by default): the page is compressed (in the threadpool, off the main thread:
  // lib/server/encoding.mjs).
  const headers = { 'accept-encoding': args.encoding };
  return new Promise((resolve, reject) => autocannon({ url: base + p, connections: c, duration: s, pipelining: 1, headers }, (err, r) => (err ? reject(err) : resolve(r))));
}

for (const p of paths) {
  const profDir = fs.mkdtempSync(path.join(dir, 'prof-'));
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, serverScript], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), WEB_CONCURRENCY: '1', MANIFOLD_PAGE_CACHE_MB: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/Manifold ready on/.test(out)) resolve(undefined);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  // Every route's code loaded and compiled before the measured load; the profile covers both (the warm-up is short).
  const warm = /** @type {any} */ (await load(p, 3, 8));
  if (warm.non2xx || warm.errors) throw new Error(`${p}: ${warm.non2xx} non-2xx, ${warm.errors} errors while warming up`);
  // The profile's clock is the machine's monotonic one, as hrtime's: only the measured load's samples are summed.
  const from = Number(process.hrtime.bigint() / 1000n);
  const cpu0 = cpuMs(/** @type {number} */ (child.pid));
  const r = /** @type {any} */ (await load(p, seconds));
  const cpu1 = cpuMs(/** @type {number} */ (child.pid));
  const to = Number(process.hrtime.bigint() / 1000n);
  child.kill('SIGINT');
  if (!(await exited(child, 20_000))) child.kill('SIGKILL');
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${profDir}`);
  const profile = readProfile(path.join(profDir, file), { from, to });
  const requests = r.requests.total;
  const sampled = profile.micros.reduce((a, b) => a + b, 0) / 1000;
  console.log(`\n${p}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors (${seconds} s, ${connections} connections; ${(sampled / 1000).toFixed(1)} s of ${((to - from) / 1e6).toFixed(1)} s sampled)`);
  // CPU time is what a busy, shared machine changes least (a profile's samples also count time the thread waited for a core).
  console.log(`CPU time of the server process (all threads: the main one, compression, the ml pool): ${((cpu1 - cpu0) / requests).toFixed(2)} ms per request`);
  console.log(`Main thread, ms per request (${requests} requests) by part:`);
  console.table(parts(profile, requests));
  console.log('Self time by module:');
  console.table(modules(profile, requests, Number(args.top)));
  const top = topFunctions(profile, requests, Number(args.top));
  console.log('Functions by self time:');
  console.table(top.self);
  console.log('Functions by total time:');
  console.table(top.total);
  if (args.keep) {
    fs.mkdirSync(args.keep, { recursive: true });
    fs.copyFileSync(path.join(profDir, file), path.join(args.keep, `${p.replace(/[^a-z0-9]+/gi, '_') || 'root'}.cpuprofile`));
  }
  fs.rmSync(profDir, { recursive: true, force: true });
}
