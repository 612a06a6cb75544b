// The document lib/server/direct-pages.mjs renders, byte for byte against Next's own render (renderToHTML of the pages
// runtime Next serves pages with) of the same page module, for what a site's pages/_app and pages/_document may do
// beyond the framework's own: a Document whose getInitialProps calls renderPage with enhanceApp and enhanceComponent
// (styled-components' and emotion's documented recipe), the old function form, Next's default, a Document without
// getInitialProps; an App and page that read next/router, next/navigation's hooks and useId, set next/head, use
// <style jsx> and next/image with the site's image sizes. tests/e2e/direct-pages.spec.ts checks the framework's own
// pages on a real build; this checks the parts of Next's render that build does not exercise. And what Next's render
// alone can do is left to it: next/dynamic modules, a Suspense boundary that waits for data, preview cookies.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDirectPages } from '../direct-pages.mjs';
import { freePageBuffers, isPageBuffer, ownedBody } from '../page-buffers.mjs';
import { PAGE_SCRIPT_HASHES, inlineScriptHashes, scriptHash } from '../security.mjs';
import { frameworkRoutesManifest } from './support';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { imageConfigDefault } = require('next/dist/shared/lib/image-config');
const images = { ...imageConfigDefault, deviceSizes: [360, 1080], imageSizes: [32] };
const buildManifest = {
  polyfillFiles: [],
  devFiles: [],
  ampDevFiles: [],
  lowPriorityFiles: [],
  rootMainFiles: [],
  pages: { '/_app': ['static/chunks/main.js', 'static/css/app.css'], '/[lang]/posts/[slug]': ['static/css/post.css'] },
  ampFirstPages: [],
};

/** A page module as Next's build makes one (its App, Document, page and getServerSideProps), by the variant asked. */
const pageModule = (variant: string) => `
const r = require('node:module').createRequire(${JSON.stringify(path.join(here, 'x.js'))});
const React = r('react');
const { jsx, jsxs } = r('react/jsx-runtime');
const NextDocument = r('next/document');
const { Html, Head, Main, NextScript } = NextDocument;
const Document = NextDocument.default;
const NextHead = r('next/head').default;
const Image = r('next/image').default;
const dynamic = r('next/dynamic').default;
const JSXStyle = r('styled-jsx/style');
const { usePathname, useSearchParams, useParams, useRouter: useAppRouter } = r('next/navigation');
const { useRouter } = r('next/router');
const variant = ${JSON.stringify(variant)};

function App({ Component, pageProps, router }) {
  const id = React.useId();
  return jsxs('main', { 'data-id': id, children: [jsx(JSXStyle, { id: 'app', children: 'main{margin:0}' }), jsx(Component, { ...pageProps, routed: router.asPath })] });
}

// As Next's compiler leaves a next/dynamic call: the module's name, which the render reports to Next's loadable context.
const Later = dynamic(() => Promise.resolve(() => jsx('i', { children: 'later' })), { loadableGenerated: { modules: ['[slug].js -> ./later'] } });
let pending;
function Waits() {
  pending ??= new Promise((resolve) => setTimeout(resolve, 5));
  React.use(pending);
  return jsx('b', { children: 'waited' });
}

// A post's static body as lib/mdx/render.tsx's MdxBody writes it: its HTML, or, while server.mjs renders the page
// into bytes, the mark it swaps for that HTML encoded once per made body (MADE, the same object every render).
const BODY = '<p>본문의 <b>정적인</b> HTML: 경사하강법 $x^2$ &amp; 그림</p>'.repeat(20);
const MADE = {};
// The 'scripts' variant: the body has an inline script of its own; 'in-script': the body stands inside a <script>
// element (its text runs across the page's parts, so the page's scripts are read from the whole page).
const HTML = variant === 'scripts' ? BODY + '<script>window.b = 2</script>' : BODY;
function Body() {
  const bytes = globalThis.__manifoldBodyBytes;
  return jsx(variant === 'in-script' ? 'script' : 'div', { className: 'prose', dangerouslySetInnerHTML: { __html: bytes ? bytes.mark(HTML, MADE) : HTML } });
}
const inline = (text) => jsx('script', { dangerouslySetInnerHTML: { __html: text } });

function Page({ title, routed }) {
  const id = React.useId();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = useParams();
  const appRouter = useAppRouter();
  return jsxs('article', {
    id,
    children: [
      jsxs(NextHead, { children: [jsx('title', { children: title }), jsx('meta', { name: 'description', content: title + ' 설명' })] }),
      jsx(JSXStyle, { id: 'page', children: 'h1{color:red}' }),
      jsx('h1', { className: 'jsx-page', children: title }),
      jsx('p', { children: [router.route, router.pathname, router.asPath, router.isReady, JSON.stringify(router.query), routed].join(' | ') }),
      jsx('p', { children: [pathname, search && search.toString(), JSON.stringify(params), typeof appRouter.push].join(' | ') }),
      jsx(Image, { src: '/media/a.png', width: 1200, height: 800, alt: '그림', sizes: '100vw' }),
      variant === 'scripts' ? inline('window.a = 1') : null,
      jsx(Body, {}),
      variant === 'scripts' ? inline('window.a = 1') : null,
      variant === 'scripts' ? inline('window.c = "한"') : null,
      variant === 'dynamic' ? jsx(Later, {}) : null,
      variant === 'suspense' ? jsx(React.Suspense, { fallback: jsx('span', { children: '…' }), children: jsx(Waits, {}) }) : null,
    ],
  });
}

const body = () => jsxs('body', { children: [jsx(Main, {}), jsx(NextScript, {})] });

class EnhancingDocument extends Document {
  static async getInitialProps(ctx) {
    const renderPage = ctx.renderPage;
    ctx.renderPage = () =>
      variant === 'function'
        ? renderPage((C) => (props) => jsx('section', { 'data-enhanced': 'component', children: jsx(C, props) }))
        : renderPage({
            enhanceApp: (A) => (props) => jsx('div', { 'data-enhanced': 'app', children: jsx(A, props) }),
            enhanceComponent: (C) => (props) => jsx('section', { 'data-enhanced': 'component', children: jsx(C, props) }),
          });
    const initial = await Document.getInitialProps(ctx);
    // A document that rewrites the page's HTML (here: drops its comments, as an HTML minifier would).
    if (variant === 'rewrite') initial.html = initial.html.replace(/<!--.*?-->/g, '');
    return { ...initial, lang: ctx.query.lang, styles: [initial.styles, jsx('style', { children: '.sheet{}' }, 'sheet')] };
  }

  render() {
    return jsxs(Html, { lang: this.props.lang, children: [jsx(Head, { children: jsx('meta', { name: 'theme-color', content: '#fff' }) }), body()] });
  }
}

class DefaultDocument extends Document {
  render() {
    return jsxs(Html, { children: [jsx(Head, {}), body()] });
  }
}

function PlainDocument() {
  return jsxs(Html, { lang: 'ko', children: [jsx(Head, {}), body()] });
}

const Doc = variant === 'enhance' || variant === 'function' || variant === 'dynamic' || variant === 'suspense' || variant === 'rewrite' ? EnhancingDocument : variant === 'plain' ? PlainDocument : DefaultDocument;

exports.default = Page;
exports.config = { unstable_runtimeJS: false };
exports.getServerSideProps = async (ctx) => {
  ctx.res.setHeader('Cache-Control', 'public, max-age=60');
  return { props: { title: '경사하강법 ' + ctx.params.slug } };
};
exports.routeModule = { components: { App, Document: Doc } };
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A build whose one post page is the variant asked for, with the framework's own routing. */
function build(variant: string) {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'direct-render-'));
  dirs.push(distDir);
  const pages = path.join(distDir, 'server', 'pages', '[lang]', 'posts');
  fs.mkdirSync(pages, { recursive: true });
  fs.writeFileSync(path.join(pages, '[slug].js'), pageModule(variant));
  fs.writeFileSync(path.join(distDir, 'routes-manifest.json'), JSON.stringify(frameworkRoutesManifest()));
  fs.writeFileSync(path.join(distDir, 'required-server-files.json'), JSON.stringify({ config: { images, experimental: {} } }));
  fs.writeFileSync(path.join(distDir, 'build-manifest.json'), JSON.stringify(buildManifest));
  fs.writeFileSync(path.join(distDir, 'BUILD_ID'), 'render-test');
  return distDir;
}

type Answer = { status: number; headers: Record<string, unknown>; body: string; bytes: Buffer; scripts?: string[] } | 'next';

/** The direct path's answer to a GET, or 'next' when it hands the request to Next. */
async function direct(distDir: string, url: string, headers: Record<string, string> = {}, onClose: (close: () => void) => void = () => {}): Promise<Answer> {
  const pages = createDirectPages({ dir: here, distDir })!;
  expect(pages).not.toBeNull();
  return new Promise((resolve, reject) => {
    const out: Record<string, unknown> = {};
    const res = {
      statusCode: 200,
      // The response's 'close' (its page's buffer goes back to the pool then): the caller decides when it happens.
      once: (event: string, listener: () => void) => {
        if (event === 'close') onClose(listener);
        return res;
      },
      setHeader: (name: string, value: unknown) => void (out[name.toLowerCase()] = value),
      end: (body: Buffer) => resolve({ status: res.statusCode, headers: out, body: body.toString('utf8'), bytes: body, scripts: (res as Record<symbol, unknown>)[PAGE_SCRIPT_HASHES] as string[] | undefined }),
    };
    Promise.resolve(pages.handle({ method: 'GET', url, headers } as any, res as any, () => resolve('next'))).catch(reject);
  });
}

/** Next's own render of the same module for the same address (the rewrite to /ko/posts/… already applied). */
async function next(distDir: string, url: string, slug: string) {
  const mod = require(path.join(distDir, 'server', 'pages', '[lang]', 'posts', '[slug].js'));
  const { renderToHTML } = require('next/dist/server/route-modules/pages/module.compiled');
  const headers: Record<string, unknown> = {};
  const res = { statusCode: 200, finished: false, headersSent: false, setHeader: (n: string, v: unknown) => void (headers[n.toLowerCase()] = v), getHeader: (n: string) => headers[n.toLowerCase()] };
  const params = { lang: 'ko', slug };
  const q = url.indexOf('?');
  // As Next's router parses a query: a repeated name is an array.
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : url.slice(q))) query[k] = k in query ? [query[k]].flat().concat(v) : v;
  Object.assign(query, params);
  const result = await renderToHTML({ method: 'GET', url, headers: {} }, res, '/[lang]/posts/[slug]', query, {
    Component: mod.default,
    App: mod.routeModule.components.App,
    Document: mod.routeModule.components.Document,
    getServerSideProps: mod.getServerSideProps,
    pageConfig: mod.config,
    buildManifest,
    reactLoadableManifest: {},
    images,
    params,
    resolvedUrl: `/ko${url}`,
    runtime: 'nodejs',
    experimental: {},
    assetPrefix: '',
    previewProps: { previewModeId: 'a'.repeat(32), previewModeSigningKey: 'b'.repeat(64), previewModeEncryptionKey: 'c'.repeat(64) },
  }, { buildId: 'render-test' }, { isFallback: false });
  return { status: res.statusCode, headers, body: await result.toUnchunkedString(true) };
}

describe('a reader page rendered by server.mjs is the document Next renders', () => {
  it.each([
    ['a Document whose renderPage enhances the App and the page', 'enhance'],
    ["a Document using renderPage's function form", 'function'],
    ["Next's own Document.getInitialProps (styled-jsx styles in the head)", 'default'],
    ['a Document without getInitialProps', 'plain'],
  ])('%s', async (_what, variant) => {
    const distDir = build(variant);
    const url = '/posts/%EA%B2%BD%EC%82%AC?utm=1&x=%ED%95%9C&x=2';
    const mine = await direct(distDir, url);
    const theirs = await next(distDir, url, '경사');
    expect(mine).not.toBe('next');
    if (mine === 'next') return;
    expect(mine.body).toBe(theirs.body);
    expect(mine.status).toBe(theirs.status);
    expect(mine.headers['cache-control']).toBe('public, max-age=60');
    // What the variants are there to show is in the page (a document both renders the same would also be wrong if
    // these were missing from both).
    expect(mine.body).toContain('<title data-next-head="">경사하강법 경사</title>');
    expect(mine.body).toContain('/[lang]/posts/[slug] | /[lang]/posts/[slug] | /posts/%EA%B2%BD%EC%82%AC?utm=1&amp;x=%ED%95%9C&amp;x=2 | true | {&quot;utm&quot;:&quot;1&quot;,&quot;x&quot;:[&quot;한&quot;,&quot;2&quot;],&quot;lang&quot;:&quot;ko&quot;,&quot;slug&quot;:&quot;경사&quot;}');
    expect(mine.body).toContain('/posts/%EA%B2%BD%EC%82%AC | utm=1&amp;x=%ED%95%9C&amp;x=2 | {&quot;lang&quot;:&quot;ko&quot;,&quot;slug&quot;:&quot;경사&quot;} | function');
    expect(mine.body).toMatch(/srcSet="\/_next\/image\?url=%2Fmedia%2Fa\.png&amp;w=360&amp;q=75 360w, \/_next\/image\?url=%2Fmedia%2Fa\.png&amp;w=1080&amp;q=75 1080w"/);
    if (variant === 'enhance') expect(mine.body).toContain('<div id="__next"><div data-enhanced="app"><main data-id=');
    if (variant === 'enhance' || variant === 'function') expect(mine.body).toContain('<section data-enhanced="component"><article');
    if (variant !== 'plain') expect(mine.body).toMatch(/<style id="__jsx-(?:page|app)">/);
    // The static body, spliced in as bytes where its mark was: nothing of the mark is left.
    expect(mine.body).toContain(`<div class="prose">${'<p>본문의 <b>정적인</b> HTML: 경사하강법 $x^2$ &amp; 그림</p>'.repeat(20)}</div>`);
    expect(mine.body).not.toContain('manifold-body');
  });

  it('hands on the page’s inline script hashes, read from its parts and, once per version, from the body', async () => {
    const mine = await direct(build('scripts'), '/posts/a');
    const theirs = await next(build('scripts'), '/posts/a', 'a');
    if (mine === 'next') throw new Error('left to Next');
    expect(mine.body).toBe(theirs.body);
    // What reading the whole page finds, in the same order: the page's, the body's, the page's again (once), the last.
    expect(mine.scripts).toEqual(inlineScriptHashes(mine.bytes));
    expect(mine.scripts).toEqual(['window.a = 1', 'window.b = 2', 'window.c = "한"'].map(scriptHash));
    // A body inside a <script> element: its text runs across the parts, so the listener reads the whole page.
    const across = await direct(build('in-script'), '/posts/a');
    if (across === 'next') throw new Error('left to Next');
    expect(across.body).toBe((await next(build('in-script'), '/posts/a', 'a')).body);
    expect(across.scripts).toBeUndefined();
  });

  it('writes each page into a buffer no other answer uses until its response has closed, then uses it again', async () => {
    const distDir = build('default');
    const closers: (() => void)[] = [];
    const closeLater = (close: () => void) => void closers.push(close);
    const first = await direct(distDir, '/posts/a?first=1', {}, closeLater);
    const second = await direct(distDir, '/posts/b?second=2', {}, closeLater);
    if (first === 'next' || second === 'next') throw new Error('left to Next');
    const firstText = first.body;
    // Both in flight: two buffers, and the first page's bytes are still its own.
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    expect(first.bytes.toString('utf8')).toBe(firstText);
    expect(firstText).toContain('first=1');
    expect(isPageBuffer(first.bytes)).toBe(true);
    // The first answer closes: its buffer takes the next page; the second, still open, is untouched.
    const free = freePageBuffers();
    closers[0]();
    closers[0]();
    expect(freePageBuffers()).toBe(free + 1);
    const third = await direct(distDir, '/posts/c?third=3', {}, closeLater);
    if (third === 'next') throw new Error('left to Next');
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(third.body).toContain('third=3');
    expect(second.bytes.toString('utf8')).toBe(second.body);
    expect(second.body).toContain('second=2');
    // The page cache keeps a copy, never the reused buffer.
    const kept = ownedBody(third.bytes);
    expect(kept.buffer).not.toBe(third.bytes.buffer);
    expect(kept.equals(third.bytes)).toBe(true);
    expect(ownedBody(kept)).toBe(kept);
  });

  it('renders a page whose document rewrites its HTML through Next (the body could not be spliced in)', async () => {
    expect(await direct(build('rewrite'), '/posts/a')).toBe('next');
    // Next's own render of it is a page all the same.
    expect((await next(build('rewrite'), '/posts/a', 'a')).body).toContain('<div class="prose"><p>본문의');
  });

  it('leaves to Next a page that loads next/dynamic modules, or waits in a Suspense boundary', async () => {
    expect(await direct(build('dynamic'), '/posts/a')).toBe('next');
    expect(await direct(build('suspense'), '/posts/a')).toBe('next');
  });

  it('leaves to Next a request with preview or draft mode cookies (Next verifies them, and clears bad ones)', async () => {
    const distDir = build('default');
    expect(await direct(distDir, '/posts/a', { cookie: 'theme=dark; __prerender_bypass=x' })).toBe('next');
    expect(await direct(distDir, '/posts/a', { cookie: '__next_preview_data=y' })).toBe('next');
    expect(await direct(distDir, '/posts/a', { cookie: 'theme=dark' })).not.toBe('next');
  });
});
