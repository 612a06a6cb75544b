// `node scripts/generate-posts.mjs --count 10000`: fills the configured database (DATABASE_URL, else data/) with
// realistic posts for measuring the admin: Korean titles, math-bearing MDX compiled by the blog's own compiler,
// categories, tags and a few authors. Deterministic for a given --seed; generated posts' slugs end in -g<n>, and
// --replace removes the previous generated ones first. The bench (scripts/bench-admin.mjs) imports generatePosts().
import { fileURLToPath, pathToFileURL } from 'node:url';

const TOPICS = ['경사하강법', '역전파', '합성곱 신경망', '트랜스포머', '어텐션', '배치 정규화', '드롭아웃', '오토인코더', 'GAN', '강화학습', 'Q-러닝', '정책 경사', '베이즈 추론', '선형 회귀', '로지스틱 회귀', '서포트 벡터 머신', '결정 트리', '랜덤 포레스트', 'k-평균 군집', '주성분 분석', '변분 오토인코더', '확산 모델', 'LSTM', 'GRU', '단어 임베딩', 'Word2Vec', 'BERT', 'GPT', 'ResNet', 'U-Net', 'Adam 옵티마이저', '정규화와 과적합', '교차 엔트로피', '소프트맥스', 'DA-RNN'];
const SUFFIXES = ['이해하기', '정리', '구현', '논문 리뷰', '직관적으로 이해하기', '수식 유도', 'PyTorch로 구현하기', '핵심 아이디어', '실험 노트', '처음부터 다시 보기', 'TensorFlow.js로 돌려보기', 'Q&A'];
const CATEGORIES = [
  { name: '딥러닝', slug: '딥러닝', order: 1 },
  { name: '최적화', slug: '최적화', parent: '딥러닝' },
  { name: '생성 모델', slug: '생성-모델', parent: '딥러닝' },
  { name: '논문 리뷰', slug: '논문-리뷰', order: 2 },
  { name: '머신러닝', slug: '머신러닝', order: 3 },
  { name: '강화학습', slug: '강화학습', order: 4 },
  { name: 'python', slug: 'python', order: 5 },
  { name: '장고', slug: '장고', order: 6 },
  { name: '수학', slug: '수학', order: 7 },
];
const TAGS = ['경사하강법', '최적화', 'CNN', 'RNN', '트랜스포머', 'NLP', '비전', '확률', '선형대수', '미적분', 'PyTorch', 'TensorFlow', 'tfjs', 'python', '장고', '논문', '수식', '구현', '실험', '강화학습', 'GAN', 'VAE', '시계열', '추천', '임베딩', '정규화', '베이즈', '통계', '데이터', '튜토리얼'];

/** Mulberry32: small, fast and the same on every machine. @param {number} seed */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A post body with headings, prose, inline and display math and code: the kinds of source the blog compiles.
 * @param {string} topic @param {number} variant
 */
function sourceFor(topic, variant) {
  const eq = [
    '\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta L(\\theta_t)',
    '\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V',
    'p(\\theta \\mid x) = \\frac{p(x \\mid \\theta) p(\\theta)}{p(x)}',
    'L = -\\sum_{i} y_i \\log \\hat{y}_i',
    '\\hat{x} = \\frac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}',
  ][variant % 5];
  return `## ${topic}란 무엇인가

${topic}은(는) 머신러닝에서 자주 쓰이는 개념입니다. 이 글에서는 $${eq.split('=')[0].trim()}$ 의 의미를 직관적으로 살펴보고,
수식을 한 줄씩 유도합니다. 변형 ${variant}번 예제입니다.

$$
${eq}
$$

## 구현

\`\`\`python
import numpy as np

def step(theta, grad, lr=0.01):
    return theta - lr * grad
\`\`\`

## 정리

- 학습률 $\\eta$ 가 너무 크면 발산합니다.
- 미니배치 크기는 분산과 속도의 균형입니다.
`;
}

/**
 * Generates `count` posts into `db` (a Prisma client of lib/db). Categories and tags are upserted; 5 authors are
 * upserted as `writer<n>@generated.invalid` (no password: they cannot sign in). Returns what it made.
 * @param {import('manifold/db').Db} db
 * @param {{ count?: number, seed?: number, replace?: boolean, templates?: number, out?: (line: string) => void }} [options]
 */
export async function generatePosts(db, { count = 10000, seed = 9, replace = false, templates = 40, out = () => {} } = {}) {
  // The blog's own compile step (what loadcontent and recompile store), by path: the package does not export it.
  const postsModule = fileURLToPath(new URL('../packages/manifold/contrib/blog/posts.ts', import.meta.url));
  /** @type {typeof import('../packages/manifold/contrib/blog/posts')} */
  const { compilePostSource, compiledColumns, excerptFrom } = await import(/* @vite-ignore */ postsModule);
  const { slugify } = await import('manifold/admin/core');
  const random = rng(seed);
  /** @type {<T>(list: readonly T[]) => T} */
  const pick = (list) => list[Math.floor(random() * list.length)];
  if (replace) {
    const { count: removed } = await db.post.deleteMany({ where: { slug: { contains: '-g' }, author: { is: { email: { endsWith: '@generated.invalid' } } } } });
    out(`Removed ${removed} generated post(s).`);
  }
  const categoryIds = new Map();
  for (const c of CATEGORIES) {
    const parentId = c.parent ? categoryIds.get(c.parent) : null;
    const row = await db.category.upsert({ where: { slug: c.slug }, update: {}, create: { name: c.name, slug: c.slug, order: c.order ?? 0, parentId } });
    categoryIds.set(c.name, row.id);
  }
  const tagIds = [];
  for (const name of TAGS) {
    const slug = slugify(name);
    const row = (await db.tag.findFirst({ where: { OR: [{ name }, { slug }] } })) ?? (await db.tag.create({ data: { name, slug } }));
    tagIds.push(row.id);
  }
  const authorIds = [];
  for (let n = 1; n <= 5; n++) {
    const email = `writer${n}@generated.invalid`;
    const row = await db.user.upsert({ where: { email }, update: {}, create: { email, name: `작성자 ${n}` } });
    authorIds.push(row.id);
  }
  // A few dozen distinct sources, each compiled once by the blog's compiler; posts share them.
  const compiled = [];
  for (let v = 0; v < templates; v++) {
    const topic = TOPICS[v % TOPICS.length];
    const source = sourceFor(topic, v);
    const result = await compilePostSource(source, 'mdx');
    compiled.push({ source, columns: compiledColumns(result), excerpt: excerptFrom(undefined, result) });
  }
  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2026, 10, 1) - start;
  const existing = await db.post.count({ where: { slug: { contains: '-g' } } });
  const batch = 500;
  /** @type {Map<number, number[]>} */
  const byTag = new Map(tagIds.map((id) => [id, []]));
  let made = 0;
  for (let from = 0; from < count; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(count, from + batch); i++) {
      const n = existing + i;
      const topic = pick(TOPICS);
      const title = `${topic} ${pick(SUFFIXES)}${random() < 0.3 ? ` (${1 + Math.floor(random() * 5)})` : ''}`;
      const t = compiled[Math.floor(random() * compiled.length)];
      const r = random();
      const status = r < 0.85 ? 'published' : r < 0.95 ? 'draft' : 'scheduled';
      const publishedAt = status === 'draft' && random() < 0.5 ? null : new Date(start + Math.floor(random() * span));
      rows.push({
        title,
        slug: `${slugify(title)}-g${n}`,
        excerpt: t.excerpt,
        source: t.source,
        ...t.columns,
        status,
        publishedAt,
        authorId: pick(authorIds),
        categoryId: random() < 0.95 ? pick([...categoryIds.values()]) : null,
      });
    }
    await db.post.createMany({ data: rows });
    const created = await db.post.findMany({ where: { slug: { in: rows.map((r) => r.slug) } }, select: { id: true } });
    for (const p of created) {
      const k = 1 + Math.floor(random() * 3);
      for (let j = 0; j < k; j++) byTag.get(pick(tagIds))?.push(p.id);
    }
    made += rows.length;
    out(`  ${made}/${count}`);
  }
  for (const [tagId, postIds] of byTag) {
    const unique = [...new Set(postIds)];
    for (let i = 0; i < unique.length; i += 1000) {
      await db.tag.update({ where: { id: tagId }, data: { posts: { connect: unique.slice(i, i + 1000).map((id) => ({ id })) } } });
    }
  }
  return { posts: made, categories: categoryIds.size, tags: tagIds.length, authors: authorIds.length };
}

async function main() {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '9' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: node scripts/generate-posts.mjs [--count 10000] [--seed 9] [--replace]\nWrites into DATABASE_URL (else data/manifold.db), which must be migrated (npm run manage -- migrate).');
    return;
  }
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new Error('--count must be a whole number from 1 to 1000000');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  const { getDb } = await import('manifold/db');
  const db = getDb();
  try {
    const t0 = Date.now();
    const made = await generatePosts(db, { count, seed, replace: values.replace, out: (/** @type {string} */ l) => process.stdout.write(`${l}\r`) });
    console.log(`\nGenerated ${made.posts} posts (${made.categories} categories, ${made.tags} tags, ${made.authors} authors) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // TypeScript and the `@site/…` alias, as bin/manifold.mjs loads them for manage commands.
  const { register } = await import('tsx/esm/api');
  register();
  await import('manifold/register');
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
