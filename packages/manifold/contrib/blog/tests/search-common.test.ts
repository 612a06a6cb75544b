// A query with a word most posts have (search/index.ts' queryIndex): past the bound, its newest matches in order,
// tiers kept, the total capped and paging on to the end; below it, the full ranking as before. On a real SQLite file
// (FTS5) and a real PostgreSQL database (tsvector), the sample blog plus posts made here; the bound is lowered so a
// few dozen posts cross it (it is 1,000 in use).
import path from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { loadContent } from '../content';
import { buildCategoryTree } from '../queries';
import { EXACT_LIMIT } from '../search/index';
import { querySearchPage } from '../search/query';
import { MAX_OFFSET } from '../search/request';
import { SearchView } from '../views/search';
import { addHiddenPosts, blogFactory, COMPILED } from './factories';

const COMMON = 30;
const BOUND = 10;
/** Every made post has the common word; these also have the rare one (the oldest two), and one post has only it. */
const BOTH = ['common-00', 'common-01'];
const RARE_ONLY = 'rare-only';
const day = (n: number) => new Date(Date.UTC(2021, 0, 1 + n, 9));

describe.each(PROVIDERS)('a query with a common word on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  const all = { exactLimit: Number.MAX_SAFE_INTEGER };
  const slugs = (page: { hits: { slug: string }[] }) => page.hits.map((h) => h.slug);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    expect((await loadContent(db, path.resolve('content/posts'))).failed).toEqual([]);
    const f = blogFactory(db);
    // Made in an order other than their dates, so the order found is the dates' and not the ids'.
    for (const n of [...Array(COMMON).keys()].sort((a, b) => ((a * 7) % COMMON) - ((b * 7) % COMMON))) {
      const slug = `common-${String(n).padStart(2, '0')}`;
      await f.post(slug, day(n), { searchText: `흔한낱말 이야기 ${BOTH.includes(slug) ? '드문낱말 ' : ''}quintex and then zorbly ${n}` });
    }
    await f.post(RARE_ONLY, day(15), { searchText: '드문낱말 하나 zorbly quintex' });
    // Hidden posts with the common word, newer than every visible one: the newest-first walk passes them by.
    const cat = await db.category.findFirstOrThrow();
    const tag = await f.tag('숨은태그');
    const hidden = await addHiddenPosts(db, { categoryId: cat.id, tagId: tag.id, around: day(100) });
    await db.post.updateMany({ where: { slug: { in: hidden } }, data: { searchText: '흔한낱말 숨은 글', compiledCode: COMPILED } });
    await db.post.updateMany({ where: { slug: 'hidden-uncompiled' }, data: { compiledCode: '' } });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('bounds the exact count at the pages a reader can reach', () => {
    expect(EXACT_LIMIT).toBe(MAX_OFFSET);
  });

  it('ranks a query no word of which passes the bound exactly as before, and counts it exactly', async () => {
    for (const q of ['학습률', '트랜스포머', 'datetime', 'Transformer 구조', '경사하강법', '학습', '흔한낱말']) {
      const ranked = await querySearchPage(db, q, { limit: 50, ...all });
      const under = await querySearchPage(db, q, { limit: 50, exactLimit: ranked.total });
      expect([q, under.capped, under.total]).toEqual([q, false, ranked.total]);
      expect(under.hits.map((h) => [h.slug, h.score])).toEqual(ranked.hits.map((h) => [h.slug, h.score]));
    }
    const ranked = await querySearchPage(db, '흔한낱말', { limit: 50 });
    expect([ranked.capped, ranked.total]).toEqual([false, COMMON]);
  });

  it('lists a word past the bound newest first, says "at least the bound", and pages on to its last match', async () => {
    const first = await querySearchPage(db, '흔한낱말', { limit: 4, exactLimit: BOUND });
    expect([first.capped, first.total]).toEqual([true, BOUND]);
    const newestFirst = [...Array(COMMON).keys()].reverse().map((n) => `common-${String(n).padStart(2, '0')}`);
    expect(slugs(first)).toEqual(newestFirst.slice(0, 4));
    expect(first.hits.map((h) => h.score)).toEqual([1, 1, 1, 1]);
    // Page after page, every visible match once, in date order; never a draft, a scheduled or an uncompiled post.
    const paged: string[] = [];
    for (let offset = 0; offset < COMMON; offset += 4) {
      const page = await querySearchPage(db, '흔한낱말', { limit: 4, offset, exactLimit: BOUND });
      expect(page.hits.length).toBeGreaterThan(0);
      paged.push(...slugs(page));
    }
    expect(paged).toEqual(newestFirst);
    expect(slugs(await querySearchPage(db, '흔한낱말', { limit: 4, offset: COMMON, exactLimit: BOUND }))).toEqual([]);
  });

  it('keeps the posts with more of the words first, then newest first, with every match of the rarer word', async () => {
    const page = await querySearchPage(db, '흔한낱말 드문낱말', { limit: 8, exactLimit: BOUND });
    expect([page.capped, page.total]).toEqual([true, BOUND]);
    expect(page.hits.map((h) => [h.slug, h.score])).toEqual([
      ['common-01', 2],
      ['common-00', 2],
      ['common-29', 1],
      ['common-28', 1],
      ['common-27', 1],
      ['common-26', 1],
      ['common-25', 1],
      ['common-24', 1],
    ]);
    // Two common words: the newest posts with both, ahead of the one with one of them.
    const both = await querySearchPage(db, '흔한낱말 quintex', { limit: 4, exactLimit: BOUND });
    expect([both.capped, both.hits.map((h) => [h.slug, h.score])]).toEqual([true, [['common-29', 2], ['common-28', 2], ['common-27', 2], ['common-26', 2]]]);
    // The post with the rare word alone stands among the common word's by its date.
    const more = await querySearchPage(db, '흔한낱말 드문낱말', { limit: 8, offset: 15, exactLimit: BOUND });
    expect(slugs(more).slice(0, 3)).toEqual(['common-16', RARE_ONLY, 'common-15']);
  });

  it('ranks a phrase of common words that is itself rare in full', async () => {
    // Every made post has both words, only one has them in this order: GIN's loose count passes the bound, the walk
    // finds too few, and the query is ranked as a rare one (FTS5 counts the phrase itself).
    const page = await querySearchPage(db, 'zorbly-quintex', { limit: 10, exactLimit: BOUND });
    expect([slugs(page), page.capped, page.total]).toEqual([[RARE_ONLY], false, 1]);
  });

  it('says "1,000+" on the search page, in Korean and English', async () => {
    const tree = await buildCategoryTree(db);
    const found = await querySearchPage(db, '흔한낱말', { limit: 10, exactLimit: BOUND });
    const props = { chrome: { tree, tags: [] }, query: '흔한낱말', problem: null, hits: found.hits, total: 1000, capped: found.capped, page: 1, dropped: [] };
    const ko = renderToStaticMarkup(SearchView({ ...props, lang: 'ko' }));
    const en = renderToStaticMarkup(SearchView({ ...props, lang: 'en' }));
    expect(ko).toContain('“흔한낱말” 검색 결과 1,000건 이상');
    expect(en).toContain('1,000+ results for “흔한낱말”');
    // A hundred pages of ten: the last one the search page serves (MAX_OFFSET).
    expect(ko).toContain('1 / 100 페이지');
    const exact = renderToStaticMarkup(SearchView({ ...props, lang: 'en', total: 1, capped: false }));
    expect(exact).toContain('1 result for “흔한낱말”');
  });
});
