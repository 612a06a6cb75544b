// Which addresses server.mjs renders itself (lib/server/direct-pages.mjs): the framework's reader routes, Korean
// unprefixed and English under /en, with their params as Next's router gives them; anything else is Next's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirectPages, readerRoute } from '../direct-pages.mjs';
import { frameworkRoutesManifest } from './support';

const at = (url: string) => {
  const r = readerRoute(url);
  return r && { page: r.route.page, params: r.params, lang: r.lang, search: r.search };
};

describe('readerRoute', () => {
  it('takes the home page and the list pages in both languages', () => {
    expect(at('/')).toEqual({ page: '/[lang]', params: { lang: 'ko' }, lang: 'ko', search: '' });
    expect(at('/en')).toEqual({ page: '/[lang]', params: { lang: 'en' }, lang: 'en', search: '' });
    expect(at('/page/2')).toEqual({ page: '/[lang]/page/[page]', params: { lang: 'ko', page: '2' }, lang: 'ko', search: '' });
    expect(at('/en/page/3?x=1')).toEqual({ page: '/[lang]/page/[page]', params: { lang: 'en', page: '3' }, lang: 'en', search: '?x=1' });
  });

  it('gives posts, categories and tags their params decoded, as Next does', () => {
    expect(at('/posts/%EA%B2%BD%EC%82%AC')).toMatchObject({ page: '/[lang]/posts/[slug]', params: { lang: 'ko', slug: '경사' } });
    expect(at('/category/ml/deep%20learning')).toMatchObject({ page: '/[lang]/category/[...path]', params: { lang: 'ko', path: ['ml', 'deep learning'] } });
    expect(at('/en/tag/%EC%9E%A5%EA%B3%A0/page/2')).toMatchObject({ page: '/[lang]/tag/[...path]', params: { lang: 'en', path: ['장고', 'page', '2'] } });
    expect(at('/search?q=%EC%9E%A5%EA%B3%A0&page=2')).toEqual({ page: '/[lang]/search', params: { lang: 'ko' }, lang: 'ko', search: '?q=%EC%9E%A5%EA%B3%A0&page=2' });
  });

  it('leaves to Next what is not a reader page, or not certainly one', () => {
    for (const url of [
      '/en/',
      '/posts/',
      '/posts/a/b',
      '/posts/a/',
      '/posts//a',
      '/posts/%E0%A4%A',
      '/posts/..',
      '/page',
      '/page/2/3',
      '/search/x',
      '/category',
      '/category/ml/feed.xml',
      '/tag/x/atom.xml',
      '/ko/posts/x',
      '/fr/posts/x',
      '/feed.xml',
      '/api/ml',
      '/admin',
      '/_next/static/chunks/x.js',
      '/toString',
      '/constructor/x',
      '/__proto__/x',
    ])
      expect(at(url), url).toBeNull();
  });
});

describe('createDirectPages', () => {
  /** A build's manifests as the framework's next.mjs makes them, changed by `change`. */
  function build(change: (m: { routes: any; config: any; middleware: any }) => void = () => {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'direct-pages-'));
    const distDir = path.join(dir, '.next');
    fs.mkdirSync(path.join(distDir, 'server'), { recursive: true });
    const m = {
      routes: frameworkRoutesManifest(),
      config: { assetPrefix: '', basePath: '', trailingSlash: false, i18n: null, experimental: { optimizeCss: false } },
      middleware: { middleware: {} },
    };
    change(m);
    fs.writeFileSync(path.join(distDir, 'routes-manifest.json'), JSON.stringify(m.routes));
    fs.writeFileSync(path.join(distDir, 'required-server-files.json'), JSON.stringify({ config: m.config }));
    fs.writeFileSync(path.join(distDir, 'server', 'middleware-manifest.json'), JSON.stringify(m.middleware));
    fs.writeFileSync(path.join(distDir, 'build-manifest.json'), '{}');
    fs.writeFileSync(path.join(distDir, 'BUILD_ID'), 'test');
    return { dir: process.cwd(), distDir };
  }

  it("takes reader pages when the build's routing is the framework's own", () => {
    expect(createDirectPages(build())).not.toBeNull();
  });

  it.each([
    ['a rewrite of its own', (m: any) => m.routes.rewrites.afterFiles.push({ source: '/old/:p*', destination: '/posts/:p*' })],
    ['a rewrite before the files', (m: any) => m.routes.rewrites.beforeFiles.unshift({ source: '/posts/special', destination: '/x' })],
    ['a header rule of its own', (m: any) => m.routes.headers.push({ source: '/posts/:slug', headers: [{ key: 'x-a', value: '1' }] })],
    ['a redirect', (m: any) => m.routes.redirects.push({ source: '/a', destination: '/b', permanent: true })],
    ['a basePath', (m: any) => ((m.routes.basePath = '/blog'), (m.config.basePath = '/blog'))],
    ['trailing slashes', (m: any) => (m.config.trailingSlash = true)],
    ['an asset prefix', (m: any) => (m.config.assetPrefix = 'https://cdn.example')],
    ['middleware', (m: any) => (m.middleware.middleware = { '/': { name: 'middleware' } })],
  ])('leaves every page to Next when the site adds %s', (_what, change) => {
    expect(createDirectPages(build(change))).toBeNull();
  });
});
