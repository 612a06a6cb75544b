// `node scripts/bench-import.mjs` (npm run bench:import): a generated WordPress export of N posts (10,000 by default;
// the blog importers' generateWxr) imported into a fresh SQLite database by the import core, in this process as
// `manage import wordpress` would. Prints the parse + one-transaction write time, the in-process compile time, the
// whole import's wall time and the process's peak RSS; then compile throughput (posts/s) over a sample of the same
// bodies in this process (sequential) and in the compile pool's worker threads (lib/mdx/pool.ts).
// Options: --posts 10000, --sample 1000 (bodies compiled for the pool comparison), --threads (pool threads; default the
// pool's), --json. The export and the database are written under a temporary folder, removed at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    sample: { type: 'string', default: '1000' },
    threads: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const POSTS = Number(values.posts);
const SAMPLE = Math.min(Number(values.sample), POSTS);
if (!Number.isInteger(POSTS) || POSTS < 1 || !Number.isInteger(SAMPLE) || SAMPLE < 0) {
  console.error('usage: bench-import.mjs [--posts N] [--sample N] [--threads N] [--json]');
  process.exit(2);
}

// TypeScript and the project's `@site/…` modules, as `manage` loads them (packages/manifold/bin/manifold.mjs).
const { register } = await import('tsx/esm/api');
register();
const framework = path.resolve('packages/manifold');
await import(pathToFileURL(path.join(framework, 'lib/node/register.mjs')).href);
const load = (/** @type {string} */ rel) => import(pathToFileURL(path.join(framework, rel)).href);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-bench-import-'));
const say = (/** @type {string} */ line) => (values.json ? undefined : console.log(line));
try {
  // 1. The export, streamed to a file (the generator's chunks: one item at a time).
  const { generateWxrChunks } = await load('contrib/blog/importers/generate-wxr.ts');
  const file = path.join(tmp, `wxr-${POSTS}.xml`);
  const out = fs.openSync(file, 'w');
  for (const chunk of generateWxrChunks(POSTS)) fs.writeSync(out, chunk);
  fs.closeSync(out);
  const bytes = fs.statSync(file).size;
  say(`Generated ${POSTS} posts: ${(bytes / 1024 / 1024).toFixed(1)} MB of WXR.`);

  // 2. A fresh, migrated SQLite database (the project's test helper).
  const { createTestDatabase } = await load('testing/databases.ts');
  const database = await createTestDatabase('sqlite', { postMigrate: false });
  const { createDb } = await load('lib/db.ts');
  const db = createDb(database.target);

  // 3. Parse (streamed) → import core (one transaction) → compile in this process.
  const { parseWordpress } = await load('contrib/blog/importers/wordpress.ts');
  const { importBundle } = await load('contrib/blog/importers/core.ts');
  const started = performance.now();
  const bundle = await parseWordpress(fs.createReadStream(file), { timeZone: 'Asia/Seoul', label: path.basename(file) });
  const parsed = performance.now();
  const report = await importBundle(db, bundle);
  const finished = performance.now();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const posts = report.counts.post.created;
  say(`Imported ${posts} posts (${report.failed.length} did not compile) in ${((finished - started) / 1000).toFixed(1)} s: parse ${((parsed - started) / 1000).toFixed(1)} s, write ${(report.ms.write / 1000).toFixed(1)} s, compile ${(report.ms.compile / 1000).toFixed(1)} s (${(posts / (report.ms.compile / 1000)).toFixed(1)} posts/s in-process).`);
  say(`Peak RSS: ${peakRssMb.toFixed(0)} MB.`);

  // 4. Compile throughput over a sample of the same bodies: sequential in this process, then in the worker pool.
  const sample = bundle.posts.slice(0, SAMPLE).map((/** @type {{ body: string, format: 'markdown' | 'mdx' }} */ p) => ({ body: p.body, format: p.format }));
  const { compilePostSource } = await load('contrib/blog/posts.ts');
  let t0 = performance.now();
  for (const p of sample) await compilePostSource(p.body, p.format).catch(() => null);
  const sequential = sample.length / ((performance.now() - t0) / 1000);
  const { CompilePool } = await load('lib/mdx/pool.ts');
  const pool = new CompilePool({ ...(values.threads ? { threads: Number(values.threads) } : {}), maxQueue: 1_000_000 });
  await pool.start();
  t0 = performance.now();
  await Promise.all(sample.map((/** @type {{ body: string, format: "markdown" | "mdx" }} */ p) => pool.compile(p.body, p.format).catch(() => null)));
  const pooled = sample.length / ((performance.now() - t0) / 1000);
  await pool.close();
  say(`Compile throughput over ${sample.length} bodies: ${sequential.toFixed(1)} posts/s in this process, ${pooled.toFixed(1)} posts/s in the pool (${pool.threads} threads, ${os.availableParallelism()} CPUs).`);

  if (values.json) {
    console.log(JSON.stringify({
      posts, wxrBytes: bytes, failed: report.failed.length,
      importSeconds: (finished - started) / 1000, parseSeconds: (parsed - started) / 1000, writeSeconds: report.ms.write / 1000, compileSeconds: report.ms.compile / 1000,
      peakRssMb, compilePostsPerSecond: { inProcess: sequential, pool: pooled, threads: pool.threads, sample: sample.length },
    }));
  }
  await db.$disconnect();
  await database.drop();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
