// Full-text search on the sample blog, on a real SQLite file (FTS5) and a real PostgreSQL database (tsvector): the
// table of Korean, English and mixed queries and the posts each must find, visibility, the index following every kind
// of write, hostile queries, and the marked passages.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { loadContent } from '../content';
import { updatePostSource } from '../posts';
import { querySearch, querySearchPage } from '../search/query';
import { markStale, rebuildSearchIndex } from '../search/index';
import { markedHtml, plainText } from '../search/snippet';
import { COMPILED } from './factories';

const GD1 = 'gradient-descent-basics';
const GD2 = 'gradient-descent-learning-rate';
const TRANSFORMER = 'transformer-training';
const AE = 'autoencoder-manifold';
const CNN = 'cnn-convolution';
const DARNN = 'da-rnn-review';
const DCGAN = 'dcgan-review';
const MSE = 'mse-vs-cross-entropy';
const PY = 'python-time-datetime';
const DJ = 'django-start';

/** [query, the post that must come first (or null), posts that must be among the results (or [] for none at all)]. */
const TABLE: [string, string | null, string[]][] = [
  // Korean: a two-syllable word finds the longer words that hold it; particles and endings do not stop a match.
  ['학습', null, [GD1, GD2, TRANSFORMER]],
  ['학습률', GD2, [GD2]],
  ['학습률을', GD2, [GD2]],
  ['경사하강법', null, [GD1, GD2]],
  ['경사 하강법', null, [GD1, GD2]],
  ['경사하강법을', null, [GD1, GD2]],
  ['오토인코더', AE, [AE]],
  ['오토인코더란', AE, [AE]],
  ['시계열 예측', DARNN, [DARNN]],
  ['생성 모델', DCGAN, [DCGAN]],
  ['차원 축소', AE, [AE]],
  ['차원축소', AE, [AE]],
  ['최대우도', MSE, [MSE]],
  ['역전파', GD1, [GD1]],
  ['신경망', null, [CNN, DARNN]],
  // Korean ↔ English through the synonym table.
  ['트랜스포머', TRANSFORMER, [TRANSFORMER]],
  ['합성곱', CNN, [CNN]],
  ['합성곱 신경망', CNN, [CNN]],
  ['어텐션', null, [DARNN, TRANSFORMER]],
  ['장고', DJ, [DJ]],
  ['파이썬', null, [PY, DJ]],
  ['주성분 분석', AE, [AE]],
  ['교차 엔트로피', MSE, [MSE]],
  ['learning rate', GD2, [GD2]],
  ['gradient descent', null, [GD1, GD2]],
  // English: any case, stemmed; identifiers from code and math are words.
  ['Transformer', TRANSFORMER, [TRANSFORMER]],
  ['transformers', TRANSFORMER, [TRANSFORMER]],
  ['TRANSFORMER', TRANSFORMER, [TRANSFORMER]],
  ['Convolution Neural Network', CNN, [CNN]],
  ['attention', null, [DARNN, TRANSFORMER]],
  ['softmax', null, [TRANSFORMER]],
  ['timestamp', PY, [PY]],
  ['strftime', PY, [PY]],
  ['datetime', PY, [PY]],
  ['DCGAN', DCGAN, [DCGAN]],
  ['PCA', AE, [AE]],
  ['MSE', MSE, [MSE]],
  // Mixed: each word counts, the post with both comes first.
  ['Transformer 구조', TRANSFORMER, [TRANSFORMER]],
  ['Encoder와 Decoder', null, [TRANSFORMER]],
  ['논문 리뷰', null, [DCGAN, DARNN, TRANSFORMER]],
  // Nothing to find.
  ['양자컴퓨터', null, []],
  ['KL divergence', null, []],
];

describe.each(PROVIDERS)('search on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  const slugs = async (q: string) => (await querySearch(db, q)).map((h) => h.slug);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    const report = await loadContent(db, path.resolve('content/posts'));
    expect(report.failed).toEqual([]);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it(`answers the table of ${TABLE.length} Korean, English and mixed queries`, async () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
    const wrong: string[] = [];
    for (const [query, first, among] of TABLE) {
      const found = await slugs(query);
      if (first && found[0] !== first) wrong.push(`${query}: ${first} should come first, got ${found.join(', ')}`);
      if (!among.length && found.length) wrong.push(`${query}: should find nothing, got ${found.join(', ')}`);
      for (const slug of among) if (!found.includes(slug)) wrong.push(`${query}: should find ${slug}, got ${found.join(', ') || 'nothing'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('ranks by how many of the query words a post has, and says how many it found in all', async () => {
    const page = await querySearchPage(db, 'Transformer 구조', { limit: 2 });
    expect(page.words).toEqual(['transformer', '구조']);
    expect(page.hits).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(Math.floor(page.hits[0].score)).toBe(2);
    const all = await querySearchPage(db, 'Transformer 구조', { limit: 50 });
    expect(all.hits).toHaveLength(all.total);
    const scores = all.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // A one-word match never outranks a two-word match.
    expect(all.hits.filter((h) => h.score >= 2).length).toBeGreaterThan(0);
    const next = await querySearchPage(db, 'Transformer 구조', { limit: 2, offset: 2 });
    expect(next.hits.map((h) => h.slug)).toEqual(all.hits.slice(2, 4).map((h) => h.slug));
    expect(next.total).toBe(all.total);
    const past = await querySearchPage(db, 'Transformer 구조', { limit: 2, offset: 500 });
    expect([past.hits, past.total]).toEqual([[], all.total]);
  });

  it.skipIf(provider !== 'postgresql')('ranks a tier too large to rank in full by title, tags and category: same posts, the titled one first', async () => {
    for (const [query, first] of [['트랜스포머', TRANSFORMER], ['오토인코더', AE], ['DCGAN', DCGAN], ['학습률을', GD2], ['합성곱 신경망', CNN], ['논문 리뷰', null], ['학습', null]] as const) {
      const full = await querySearchPage(db, query, { limit: 50 });
      const head = await querySearchPage(db, query, { limit: 50, fullRankLimit: 0 });
      expect(head.total).toBe(full.total);
      expect(head.hits.map((h) => `${h.slug}:${Math.floor(h.score)}`).sort()).toEqual(full.hits.map((h) => `${h.slug}:${Math.floor(h.score)}`).sort());
      const scores = head.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      if (first) expect([query, head.hits[0].slug]).toEqual([query, first]);
    }
  });

  it('shows the passage that holds the words, marked, in the post\'s own case and spacing', async () => {
    const [hit] = await querySearch(db, '시계열 예측');
    expect(hit.slug).toBe(DARNN);
    const marked = hit.snippet.filter((s) => s.hit).map((s) => s.text);
    expect(marked).toEqual(expect.arrayContaining(['시계열', '예측']));
    expect(plainText(hit.snippet).length).toBeLessThan(200);
    const [t] = await querySearch(db, 'transformers');
    expect(t.titleParts).toEqual([{ text: 'Transformer', hit: true }, { text: '(4) - 모델의 학습과정 정리', hit: false }]);
    // The spaced spelling is marked where the post runs the words together, and the other way round.
    const [gd] = await querySearch(db, '경사 하강법');
    expect(gd.titleParts.find((s) => s.hit)?.text).toBe('경사하강법');
  });

  it('never finds drafts, posts scheduled for later or posts that never compiled, and finds a post once it is published', async () => {
    const cat = await db.category.findFirstOrThrow();
    const hidden = (slug: string, data: Record<string, unknown>) =>
      db.post.create({ data: { slug, title: `숨김글 ${slug}`, categoryId: cat.id, searchText: '비밀스러운 낱말 zyxwv', compiledCode: COMPILED, ...data } });
    await hidden('draft-x', { status: 'draft', publishedAt: new Date('2020-01-01') });
    await hidden('future-x', { status: 'scheduled', publishedAt: new Date(Date.now() + 86_400_000) });
    const broken = await hidden('broken-x', { status: 'published', publishedAt: new Date('2020-01-01'), compiledCode: '' });
    for (const q of ['zyxwv', '비밀스러운', '숨김글']) expect(await slugs(q), q).toEqual([]);
    await db.post.update({ where: { id: broken.id }, data: { compiledCode: COMPILED } });
    expect(await slugs('zyxwv')).toEqual(['broken-x']);
    await db.post.update({ where: { id: broken.id }, data: { status: 'draft' } });
    expect(await slugs('zyxwv')).toEqual([]);
    await db.post.deleteMany({ where: { slug: { in: ['draft-x', 'future-x', 'broken-x'] } } });
  });

  it('follows every kind of write: a saved source, a deleted post, a renamed category or tag, a rebuild', async () => {
    const post = await db.post.findUniqueOrThrow({ where: { slug: PY } });
    expect(await slugs('쿼터니언')).toEqual([]);
    await updatePostSource(db, PY, post.version, `${post.source}\n\n쿼터니언 회전은 다루지 않습니다.\n`);
    expect(await slugs('쿼터니언')).toEqual([PY]);
    const after = await db.post.findUniqueOrThrow({ where: { slug: PY } });
    await updatePostSource(db, PY, after.version, post.source);
    expect(await slugs('쿼터니언')).toEqual([]);

    // A category's new name: the admin's hook touches its posts (every process's next search sees them changed).
    const django = await db.category.findFirstOrThrow({ where: { name: 'django' } });
    await db.category.update({ where: { id: django.id }, data: { name: '웹프레임워크' } });
    const inIt = (await db.post.findMany({ where: { categoryId: django.id }, select: { id: true } })).map((p) => p.id);
    await markStale(db, inIt);
    expect(await slugs('웹프레임워크')).toEqual([DJ]);
    // A tag given in the editor comes with the post's new version; a tag renamed in the admin touches its posts (the hook).
    const tag = await db.tag.create({ data: { name: '초전도체', slug: 'superconductor' } });
    await db.post.update({ where: { slug: CNN }, data: { tags: { connect: { id: tag.id } }, version: { increment: 1 } } });
    expect(await slugs('초전도체')).toEqual([CNN]);
    await db.tag.update({ where: { id: tag.id }, data: { name: '상온초전도' } });
    expect(await slugs('상온초전도')).toEqual([]);
    await markStale(db, [(await db.post.findUniqueOrThrow({ where: { slug: CNN } })).id]);
    expect(await slugs('상온초전도')).toEqual([CNN]);
    expect(await slugs('초전도체')).toEqual([]);

    const doomed = await db.post.create({ data: { slug: 'doomed', title: '사라질 글 qwjx', status: 'published', publishedAt: new Date('2020-01-01'), compiledCode: COMPILED } });
    expect(await slugs('qwjx')).toEqual(['doomed']);
    await db.post.delete({ where: { id: doomed.id } });
    expect(await slugs('qwjx')).toEqual([]);

    // A rebuild finds the same posts (the order may move a little: deleted entries no longer weigh on the statistics).
    const found = () => Promise.all(TABLE.map(async ([q]) => (await slugs(q)).sort()));
    const before = await found();
    expect(await rebuildSearchIndex(db)).toBe(await db.post.count());
    expect(await found()).toEqual(before);
  });

  it('treats every query as words: search syntax, SQL, markup and control characters find what their words find, never fail', async () => {
    const hostile = [
      '"', '""', "'", '*', '-', '(', ')', '^', ':', 'NEAR(a b)', 'a OR b', 'NOT', 'AND', '"unbalanced', 'title:transformer', 'col:*',
      "'; DROP TABLE \"Post\"; --", '\\', '%', '_', '&', '|', '!', '<->', "'a':*", '<script>alert(1)</script>', '\u0000', '\u202e학습',
      '😀', '🤖 transformer', 'ﾄﾗﾝｽﾌｫｰﾏｰ', 'Ｔｒａｎｓｆｏｒｍｅｒ', 'ㅎㅏㄱㅅㅡㅂ', '학'.repeat(100), 'a '.repeat(60), `${'x'.repeat(5000)}`,
    ];
    for (const q of hostile) await expect(querySearch(db, q), JSON.stringify(q.slice(0, 20))).resolves.toBeInstanceOf(Array);
    // Full-width letters are the same words; search syntax is only words.
    expect((await slugs('Ｔｒａｎｓｆｏｒｍｅｒ'))[0]).toBe(TRANSFORMER);
    expect((await slugs('transformer:'))[0]).toBe(TRANSFORMER);
    // Words joined by punctuation are one phrase, as identifiers are: d_model, learning-rate.
    expect(await slugs('d_model')).toContain(TRANSFORMER);
    expect((await slugs('learning-rate'))[0]).toBe(GD2);
    expect(await slugs('"')).toEqual([]);
    expect(await db.post.count()).toBeGreaterThanOrEqual(10);
    // Words past the eighth are not searched, and said so.
    const many = await querySearchPage(db, '하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열');
    expect(many.words).toHaveLength(8);
    expect(many.dropped).toEqual(['아홉', '열']);
  });

  it('escapes the post\'s own text in the marked HTML: an author\'s markup is shown, never run', async () => {
    await db.post.create({
      data: { slug: 'markup', title: '<img src=x onerror=alert(1)> 표식글', status: 'published', publishedAt: new Date('2020-01-01'), compiledCode: COMPILED, searchText: '본문에 <script>alert(1)</script> 표식글 이라는 낱말과 "따옴표" & 기호' },
    });
    const [hit] = await querySearch(db, '표식글');
    expect(hit.slug).toBe('markup');
    expect(markedHtml(hit.titleParts)).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>표식글</mark>');
    expect(markedHtml(hit.snippet)).toBe('본문에 &lt;script&gt;alert(1)&lt;/script&gt; <mark>표식글</mark> 이라는 낱말과 &quot;따옴표&quot; &amp; 기호');
    await db.post.delete({ where: { slug: 'markup' } });
  });
});
