// Issue 16: the sidebar's HTML is made once per kept sidebar data, language and current item (views/frame.tsx
// prepareSidebar, called by the page loaders), and a post page's other parts made from the kept post once per post
// (views/prepared.tsx: header, contents, series box, tags, share links, neighbours, related posts); each is then
// rendered as one element. Every reader page type, with its data from the real loaders on SQLite, renders the same
// bytes (React's streaming renderer, as Next's) prepared as rendered element by element; the current item is marked.
import { createElement, type ComponentType } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../lib/db';
import { localBroadcast } from '../../../lib/server/broadcast.mjs';
import { createTestDatabase, type TestDatabase } from '../../../testing/databases';
import { categoryPageProps, homePageProps, postPageProps, searchPageProps, tagPageProps } from '../pages';
import { CategoryView, HomeView, TagView } from '../views/lists';
import { PostView } from '../views/post';
import { readerRoute } from '../views/route';
import { SearchView } from '../views/search';
import { blogFactory, emptyBlog, loggedClient, seoulDay as day, pageContext as ctx } from './factories';

const g = globalThis as { __manifoldPurges?: unknown; __manifoldDb?: unknown };

const html = async (View: ComponentType<never>, props: object) => new Response(await renderToReadableStream(createElement(readerRoute(View), props as never))).text();

describe('the prepared sidebar', () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ db } = loggedClient(database.target));
  });
  beforeEach(async () => {
    await emptyBlog(db);
    const f = blogFactory(db);
    const dl = await f.category('딥러닝', { order: 1 });
    const opt = await f.category('최적화', { parentId: dl.id });
    const py = await f.tag('python');
    const gd = await f.tag('경사하강법');
    const a = await f.post('a', day('2019-11-17'), { categoryId: opt.id, tagIds: [gd.id] });
    const b = await f.post('b', day('2020-02-16'), { categoryId: dl.id, tagIds: [py.id, gd.id] });
    await db.series.deleteMany();
    const series = await db.series.create({ data: { title: '시리즈', slug: 'series' } });
    await db.post.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { seriesId: series.id } });
    await db.post.update({ where: { id: a.id }, data: { toc: JSON.stringify([{ id: 'one', text: '하나', depth: 2 }, { id: 'two', text: '둘', depth: 2 }]) } });
    await f.post('c', day('2020-04-26'), { searchText: 'c 본문 검색어' });
    g.__manifoldDb = db;
    g.__manifoldPurges = localBroadcast();
  });
  afterEach(() => {
    delete g.__manifoldPurges;
    delete g.__manifoldDb;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const pages: [string, ComponentType<never>, () => Promise<unknown>, RegExp | null][] = [
    ['home', HomeView as ComponentType<never>, () => homePageProps(ctx({ lang: 'ko' })), /class="all-posts" data-category="" aria-current="page"/],
    ['home (en)', HomeView as ComponentType<never>, () => homePageProps(ctx({ lang: 'en' })), /class="all-posts" data-category="" aria-current="page"/],
    ['category', CategoryView as ComponentType<never>, () => categoryPageProps(ctx({ lang: 'ko', path: ['딥러닝', '최적화'] })), /data-category="딥러닝\/최적화" aria-current="page"/],
    ['tag', TagView as ComponentType<never>, () => tagPageProps(ctx({ lang: 'ko', path: ['python'] })), /aria-current="page">#<!-- -->python/],
    ['post', PostView as ComponentType<never>, () => postPageProps(ctx({ lang: 'ko', slug: 'a' })), /data-category="딥러닝\/최적화" aria-current="true"/],
    ['post (en)', PostView as ComponentType<never>, () => postPageProps(ctx({ lang: 'en', slug: 'b' })), /data-category="딥러닝" aria-current="true"/],
    ['post without a category', PostView as ComponentType<never>, () => postPageProps(ctx({ lang: 'ko', slug: 'c' })), null],
    ['search', SearchView as ComponentType<never>, () => searchPageProps(ctx({ lang: 'ko' }, { q: '검색어' })), null],
  ];
  for (const [name, View, load, marked] of pages) {
    it(`${name}: the same HTML prepared as rendered element by element`, async () => {
      // The first render records a post's parts; the loader's next call renders them to HTML.
      await html(View, ((await load()) as { props: object }).props);
      const { props } = (await load()) as { props: { chrome: { tree: object; tags: object[] } } };
      expect(Object.isFrozen(props.chrome.tree)).toBe(true);
      const prepared = await html(View, props);
      // The same data, not the kept objects: nothing prepared for it, so rendered as elements.
      const copy = structuredClone(props);
      const plain = await html(View, copy);
      expect(prepared).toBe(plain);
      expect(plain).toContain('<aside class="sidebar" id="sidebar"');
      if (name === 'post') for (const part of ['class="post-header"', 'class="toc"', 'class="series-box"', 'class="post-tags"', 'class="post-share"', 'class="post-neighbours"', 'class="related-posts"']) expect(plain).toContain(part);
      if (marked) expect(plain).toMatch(marked);
      else expect(plain).not.toContain('aria-current="page"><!-- -->');
    });
  }
});
