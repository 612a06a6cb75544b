// Issue 16: the sidebar's HTML is made once per kept sidebar data, language and current item (views/frame.tsx
// prepareSidebar, called by the page loaders) and each page renders it as one element. Every reader page type, with
// its data from the real loaders on SQLite, renders the same bytes (React's streaming renderer, as Next's) with the
// prepared sidebar as with the sidebar rendered element by element; the current item is marked on each.
import type { GetServerSidePropsContext } from 'next';
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
import { blogFactory, emptyBlog, loggedClient, seoulDay as day } from './factories';

const g = globalThis as { __manifoldPurges?: unknown; __manifoldDb?: unknown };

function ctx(params: Record<string, string | string[]>, query: Record<string, string> = {}): GetServerSidePropsContext {
  return { params, query, req: { url: '/', headers: {} }, res: { statusCode: 200, setHeader: () => {} }, resolvedUrl: '/' } as unknown as GetServerSidePropsContext;
}

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
    await f.post('a', day('2019-11-17'), { categoryId: opt.id, tagIds: [gd.id] });
    await f.post('b', day('2020-02-16'), { categoryId: dl.id, tagIds: [py.id, gd.id] });
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
    ['post without a category', PostView as ComponentType<never>, () => postPageProps(ctx({ lang: 'ko', slug: 'c' })), null],
    ['search', SearchView as ComponentType<never>, () => searchPageProps(ctx({ lang: 'ko' }, { q: '검색어' })), null],
  ];
  for (const [name, View, load, marked] of pages) {
    it(`${name}: the same HTML prepared as rendered element by element`, async () => {
      const { props } = (await load()) as { props: { chrome: { tree: object; tags: object[] } } };
      expect(Object.isFrozen(props.chrome.tree)).toBe(true);
      const prepared = await html(View, props);
      // The same data, not the kept objects: nothing prepared for it, so rendered as elements.
      const copy = { ...props, chrome: structuredClone(props.chrome) };
      const plain = await html(View, copy);
      expect(prepared).toBe(plain);
      expect(plain).toContain('<aside class="sidebar" id="sidebar"');
      if (marked) expect(plain).toMatch(marked);
      else expect(plain).not.toContain('aria-current="page"><!-- -->');
    });
  }
});
