// `node scripts/bench-admin.mjs` (npm run bench:admin): the admin's post change list with 10,000 generated posts on
// SQLite and on PostgreSQL: plain, filtered, searched, sorted by a related column and a date-hierarchy year, each
// measured as server time (the data layer's changeList(), what a page render waits on) over N runs; prints p50/p95.
// Target: p95 < 100 ms. Options: --count 10000, --runs 50, --provider sqlite|postgresql (default both), --json,
// --cold (empty the admin's in-process caches before every run: what a first view costs).
import { parseArgs } from 'node:util';

const { register } = await import('tsx/esm/api');
register();
await import('manifold/register');

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '50' },
    provider: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
/** @type {('sqlite' | 'postgresql')[]} */
const providers = values.provider?.length ? values.provider.map((p) => (p === 'postgresql' ? 'postgresql' : 'sqlite')) : ['sqlite', 'postgresql'];
const TARGET_MS = 100;

const { createTestDatabase } = await import('manifold/testing');
const { createDb } = await import('manifold/db');
const admin = await import('manifold/admin/core');
const { generatePosts } = await import('./generate-posts.mjs');

/** @type {import('manifold/accounts/auth').CurrentUser} */
const superuser = { id: 0, email: 'bench@example.invalid', name: 'bench', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };

/** @param {number[]} sorted @param {number} p */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** @type {{ provider: string, case: string, query: string, rows: number, p50: number, p95: number, max: number, genSeconds: number }[]} */
const results = [];
for (const provider of providers) {
  const database = await createTestDatabase(provider);
  const db = createDb(database.target);
  try {
    const t0 = Date.now();
    await generatePosts(db, { count });
    const genSeconds = (Date.now() - t0) / 1000;
    admin.setAdminDatabase(db);
    const ma = await admin.getModelAdmin('blog', 'post');
    if (!ma) throw new Error('The blog app registers no Post admin.');
    const category = await db.category.findFirstOrThrow({ where: { slug: '최적화' } });
    const author = await db.user.findFirstOrThrow({ where: { email: 'writer2@generated.invalid' } });
    // An Author-like user: only their own posts (the owner-limited list).
    const owner = { ...superuser, id: author.id, isSuperuser: false, permissions: new Set(['blog.add_post', 'blog.view_own_post', 'blog.change_own_post']) };
    /** @type {[string, import('manifold/accounts/auth').CurrentUser, string][]} */
    const cases = [
      ['plain', superuser, ''],
      ['filtered', superuser, `status=published&category=${category.id}`],
      ['search', superuser, 'q=경사하강법'],
      ['search-latin', superuser, 'q=ADAM'],
      ['sorted-related', superuser, 'o=category&p=20'],
      ['year', superuser, 'year=2020&status=published'],
      ['owner-limited', owner, ''],
    ];
    for (const [name, user, query] of cases) {
      const params = new URLSearchParams(query);
      for (let i = 0; i < 5; i++) await admin.changeList(user, ma, params); // warm up: plans, caches, JIT
      const times = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        if (values.cold) admin.clearAdminCaches();
        const s = process.hrtime.bigint();
        const cl = await admin.changeList(user, ma, params);
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
        total = cl.total;
      }
      times.sort((a, b) => a - b);
      results.push({ provider, case: name, query, rows: total, p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1), max: +times[times.length - 1].toFixed(1), genSeconds });
    }
    const d0 = process.hrtime.bigint();
    await admin.dashboard(superuser);
    const first = Number(process.hrtime.bigint() - d0) / 1e6;
    const d1 = process.hrtime.bigint();
    await admin.dashboard(superuser);
    results.push({ provider, case: 'dashboard (cold / cached)', query: '', rows: 0, p50: +first.toFixed(1), p95: +(Number(process.hrtime.bigint() - d1) / 1e6).toFixed(1), max: 0, genSeconds });
  } finally {
    admin.setAdminDatabase(null);
    await db.$disconnect();
    await database.drop();
  }
}

if (values.json) console.log(JSON.stringify(results, null, 2));
else {
  console.log(`Admin change list, ${count} posts, ${runs} runs each${values.cold ? ', caches emptied before each run' : ''} (server time of changeList(), ms):`);
  for (const r of results) console.log(`  ${r.provider.padEnd(10)} ${r.case.padEnd(26)} rows ${String(r.rows).padStart(5)}  p50 ${String(r.p50).padStart(6)}  p95 ${String(r.p95).padStart(6)}  ${r.case.startsWith('dashboard') ? '' : r.p95 < TARGET_MS ? 'ok' : `OVER ${TARGET_MS}`}`);
}
const over = results.filter((r) => !r.case.startsWith('dashboard') && r.p95 >= TARGET_MS);
process.exitCode = over.length ? 1 : 0;
