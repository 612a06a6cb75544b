// `npm run bench -- --only search` (or `node scripts/bench-search.mjs`): the reader search's latency, measured where
// the time goes (querySearchPage: catch-up check, the FTS query, the rows, the marked passages), on the sample blog
// and on 10,000 generated posts (scripts/generate-posts.mjs: Korean titles, math and code bodies), on SQLite (FTS5)
// and PostgreSQL (tsvector + GIN), each a fresh database of its own. Every query of the list is asked ROUNDS times
// in turn after one warm-up pass; p50/p99 are over all of them. Also: how long `manage blog reindex` takes at 10k.
// Target (issue 11): p99 < 50 ms at 10,000 posts on both databases; exits 1 when it is missed.
// SEARCH_POSTS (10000) and SEARCH_ROUNDS (20) change the size and the number of rounds.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { register } = await import('tsx/esm/api');
register();
await import('manifold/register');
const { createDb } = await import('manifold/db');
const { createTestDatabase } = await import('manifold/testing');
const { generatePosts } = await import('./generate-posts.mjs');
const blog = (/** @type {string} */ file) => import(/* @vite-ignore */ fileURLToPath(new URL(`../packages/manifold/contrib/blog/${file}`, import.meta.url)));
/** @type {typeof import('../packages/manifold/contrib/blog/content')} */
const { loadContent } = await blog('content.ts');
/** @type {typeof import('../packages/manifold/contrib/blog/search/query')} */
const { querySearchPage } = await blog('search/query.ts');
/** @type {typeof import('../packages/manifold/contrib/blog/search/index')} */
const { rebuildSearchIndex } = await blog('search/index.ts');

const { values: args } = parseArgs({ options: { provider: { type: 'string', multiple: true } } });
const providers = (args.provider ?? ['sqlite', 'postgresql']).flatMap((s) => s.split(','));
const POSTS = Number(process.env.SEARCH_POSTS ?? 10_000);
const ROUNDS = Number(process.env.SEARCH_ROUNDS ?? 20);
const TARGET_P99_MS = 50;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Korean, English and mixed; common words (thousands of matches at 10k) and rare ones. */
const QUERIES = [
  '학습', '학습률을', '경사하강법', '경사 하강법', '트랜스포머', 'Transformer 구조', '오토인코더', '합성곱 신경망', 'learning rate',
  'gradient descent', 'softmax', 'timestamp', 'attention', '어텐션 메커니즘', '시계열 예측', '생성 모델', '차원 축소', 'PyTorch로 구현하기',
  'GAN', 'BERT 논문 리뷰', '배치 정규화', '드롭아웃 과적합', '역전파 수식 유도', '강화학습 정책 경사', 'Adam 옵티마이저', '교차 엔트로피',
  'convolution', 'transformers attention', '확산 모델', '양자컴퓨터', '수식', '구현', 'LSTM GRU 비교', '단어 임베딩 Word2Vec',
];

const quantile = (/** @type {number[]} */ sorted, /** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** @param {import('manifold/db').Db} db */
async function measure(db) {
  for (const q of QUERIES) await querySearchPage(db, q, { limit: 10 });
  const times = [];
  let found = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of QUERIES) {
      const t = performance.now();
      const page = await querySearchPage(db, q, { limit: 10 });
      times.push(performance.now() - t);
      found += page.total;
    }
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times[times.length - 1], meanTotal: Math.round(found / (ROUNDS * QUERIES.length)), n: times.length };
}

/** @type {{ provider: string, posts: number, p50: number, p99: number, max: number, meanTotal: number, reindexS?: number, indexed?: number }[]} */
const rows = [];
let failed = false;
for (const provider of providers) {
  const database = await createTestDatabase(/** @type {'sqlite' | 'postgresql'} */ (provider));
  const db = createDb(database.target);
  try {
    await loadContent(db, path.join(root, 'content', 'posts'));
    const sample = await measure(db);
    rows.push({ provider, posts: await db.post.count(), ...sample });
    let t = performance.now();
    await generatePosts(db, { count: POSTS, seed: 11 });
    const generated = performance.now() - t;
    t = performance.now();
    const indexed = await rebuildSearchIndex(db);
    const reindex = performance.now() - t;
    // 10,000 rows just written: autovacuum would have marked them all-visible (and analysed them) long before a
    // reader searched; without it the catch-up's count reads every Post row instead of its index.
    if (provider === 'postgresql') await db.$executeRawUnsafe('VACUUM ANALYZE');
    const big = await measure(db);
    rows.push({ provider, posts: await db.post.count(), ...big, reindexS: +(reindex / 1000).toFixed(1), indexed });
    console.log(`${provider}: generated ${POSTS} posts in ${(generated / 1000).toFixed(1)} s; reindex of ${indexed} posts ${(reindex / 1000).toFixed(1)} s`);
    if (big.p99 >= TARGET_P99_MS) failed = true;
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

const fmt = (/** @type {number} */ ms) => ms.toFixed(1);
console.log(`\nSearch latency (querySearchPage, limit 10; ${QUERIES.length} queries × ${ROUNDS} rounds each):`);
console.table(rows.map((r) => ({ database: r.provider, posts: r.posts, 'p50 ms': fmt(r.p50), 'p99 ms': fmt(r.p99), 'max ms': fmt(r.max), 'mean matches': r.meanTotal, ...(r.reindexS !== undefined ? { 'reindex s': r.reindexS } : {}) })));
for (const r of rows.filter((x) => x.posts >= POSTS)) {
  console.log(`${r.p99 < TARGET_P99_MS ? '✓' : '✗'} search p99 at ${r.posts} posts on ${r.provider}: ${fmt(r.p99)} ms (target < ${TARGET_P99_MS} ms)`);
}
process.exitCode = failed ? 1 : 0;
