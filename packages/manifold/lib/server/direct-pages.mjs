// The reader pages rendered by server.mjs itself, from the built page modules Next made, without Next's router and
// pages pipeline (issue 16). A page-cache miss of a post spent ~4.4 ms of the main thread, of which React's render of
// the page was ~0.6: the rest was Next's routing (rewrites, header rules, route matching), its response cache and
// send path, and its render pipeline, which has React write into a web stream (800+ chunks, each encoded to UTF-8)
// only to decode it all back into one string and encode it again. Here the same page module's getServerSideProps runs,
// its App and component render with React's synchronous renderToString inside the same contexts Next provides (the
// vendored ones Next's own render uses, so the page's next/head and the document see the same instances), and the
// site's Document renders around them as Next renders it: the same bytes, which tests/e2e/direct-pages.spec.ts checks
// for every reader page of the e2e database against Next's own answer.
//
// Only what is certain is taken: GET of the framework's reader addresses (home, list pages, posts, categories, tags,
// search; Korean unprefixed, English under /en), when the build's routing is the framework's own (no rewrites,
// redirects or header rules a site added, no middleware), and each page is a getServerSideProps page that ships no
// JavaScript. A redirect or notFound from getServerSideProps, a thrown error, an address that does not decode: Next
// answers those, as before (it runs getServerSideProps again; it only reads). MANIFOLD_FAST_PATHS=0 turns it off.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { databaseUnavailable } from '../db-errors.mjs';
import { logger } from '../log.mjs';
import { takePageBuffer } from './page-buffers.mjs';
import { PAGE_SCRIPT_HASHES, pieceScriptHashes } from './security.mjs';

/** @typedef {{ file: string, page: string, param: string | null, rest: boolean }} Route */
/** The framework's reader routes (pages/[lang]/…), by the first segment of the address. @type {Record<string, Route>} */
const SECTIONS = {
  posts: { file: '[lang]/posts/[slug].js', page: '/[lang]/posts/[slug]', param: 'slug', rest: false },
  category: { file: '[lang]/category/[...path].js', page: '/[lang]/category/[...path]', param: 'path', rest: true },
  tag: { file: '[lang]/tag/[...path].js', page: '/[lang]/tag/[...path]', param: 'path', rest: true },
  page: { file: '[lang]/page/[page].js', page: '/[lang]/page/[page]', param: 'page', rest: false },
  search: { file: '[lang]/search.js', page: '/[lang]/search', param: null, rest: false },
};
/** @type {Route} */
const HOME = { file: '[lang].js', page: '/[lang]', param: null, rest: false };
/** A category's or tag's feed is an App Router route (next.mjs rewrites it there). */
const FEED_FILE = /^(?:feed\.xml|atom\.xml|feed\.json)$/;
/** What the framework's next.mjs declares; a build with anything else is routed by Next. */
const OWN_HEADER_SOURCES = ['/:path*', '/admin', '/admin/:path*', '/accounts', '/accounts/:path*'];
const OWN_REWRITE_SOURCES = ['/:section(category|tag)/:path+/:file(feed\\.xml|atom\\.xml|feed\\.json)', '/', '/:section(posts|category|tag|search|page)/:path*'];
const NO_STORE = 'private, no-cache, no-store, max-age=0, must-revalidate';
/** Next's preview and draft mode cookies. */
const PREVIEW_COOKIE = /(?:^|;)\s*(?:__prerender_bypass|__next_preview_data)=/;
/** Where a static post body goes in a rendered page (a random nonce: no post can contain it). */
const BODY_MARK = `<!--manifold-body-${crypto.randomBytes(16).toString('hex')}-->`;
/**
 * A made body (lib/mdx/render.tsx) → its HTML encoded, and the hashes of its inline scripts (null when it ends inside
 * one: then the whole page is read for them).
 * @type {WeakMap<object, { html: string, bytes: Buffer, scripts: string[] | null }>}
 */
const encodedBodies = new WeakMap();
/** React's mark of a Suspense boundary left for the client to render. */
const CLIENT_RENDERED = '<!--$!-->';
const BODY_TARGET = '<next-js-internal-body-render-target></next-js-internal-body-render-target>';

/**
 * Where a request goes: the page, its params and what Next would call its resolved URL; null for anything else.
 * @param {string} url the request's path and query, as server.mjs' listener left it (tracking parameters gone)
 * @returns {{ route: Route, params: Record<string, string | string[]>, lang: string, pathname: string, search: string } | null}
 */
export function readerRoute(url) {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const search = q < 0 ? '' : url.slice(q);
  if (pathname.includes('#')) return null;
  let rest = pathname;
  let lang = 'ko';
  if (rest === '/en' || rest.startsWith('/en/')) {
    lang = 'en';
    rest = rest.slice(3);
  }
  if (rest === '' || rest === '/') return lang === 'en' && rest === '/' ? null : { route: HOME, params: { lang }, lang, pathname, search };
  const raw = rest.slice(1).split('/');
  if (raw.some((s) => s === '' || s === '.' || s === '..')) return null;
  /** @type {string[]} */
  let segments;
  try {
    segments = raw.map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  const route = Object.hasOwn(SECTIONS, raw[0]) ? SECTIONS[raw[0]] : undefined;
  if (!route) return null;
  const after = segments.slice(1);
  if (route.param === null ? after.length !== 0 : route.rest ? after.length === 0 : after.length !== 1) return null;
  if (route.rest && (raw[0] === 'category' || raw[0] === 'tag') && after.length > 1 && FEED_FILE.test(after[after.length - 1])) return null;
  /** @type {Record<string, string | string[]>} */
  const params = { lang };
  if (route.param) params[route.param] = route.rest ? after : after[0];
  return { route, params, lang, pathname, search };
}

/** What next/router's navigation does on the server, as Next's render says it. */
function noRouter() {
  throw new Error('No router instance found. you should only use "next/router" inside the client side of your app. https://nextjs.org/docs/messages/no-router-instance');
}

/** next/router's router on the server, as Next's render makes it: what to render, and no navigation. */
class ServerRouter {
  /** @param {string} pathname @param {Record<string, string | string[]>} query @param {string} asPath */
  constructor(pathname, query, asPath) {
    this.route = pathname.replace(/\/$/, '') || '/';
    this.pathname = pathname;
    this.query = query;
    this.asPath = asPath;
    this.isFallback = false;
    this.basePath = '';
    /** @type {string | undefined} */
    this.locale = undefined;
    /** @type {string[] | undefined} */
    this.locales = undefined;
    /** @type {string | undefined} */
    this.defaultLocale = undefined;
    this.isReady = true;
    /** @type {unknown} */
    this.domainLocales = undefined;
    this.isPreview = false;
    this.isLocaleDomain = false;
  }

  push() {
    noRouter();
  }

  replace() {
    noRouter();
  }

  reload() {
    noRouter();
  }

  back() {
    noRouter();
  }

  forward() {
    noRouter();
  }

  prefetch() {
    noRouter();
  }

  beforePopState() {
    noRouter();
  }
}

/**
 * What a Document's renderPage(options) renders, as Next reads its options: a function enhances the page component
 * (the old form), or enhanceApp / enhanceComponent wrap each.
 * @param {any} options @param {any} App @param {any} Component
 */
function enhanceComponents(options, App, Component) {
  if (typeof options === 'function') return { App, Component: options(Component) };
  return { App: options.enhanceApp ? options.enhanceApp(App) : App, Component: options.enhanceComponent ? options.enhanceComponent(Component) : Component };
}

/**
 * A page left to Next's render, which alone gives it rightly: a Suspense boundary that waited for data (Next's
 * streaming render waits, renderToString does not), or a document that rewrote the page's HTML (a body's mark lost).
 */
class LeftToNext extends Error {}

/** The query as Next gives it to getServerSideProps: a repeated name is an array. @param {string} search */
function queryOf(search) {
  /** @type {Record<string, string | string[]>} */
  const query = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return query;
}

/** @param {string} file */
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/**
 * Whether the build routes reader pages as the framework alone does; a reason when it does not.
 * @param {string} distDir
 */
function ownRouting(distDir) {
  const routes = readJson(path.join(distDir, 'routes-manifest.json'));
  const headers = (routes.headers ?? []).map((/** @type {{ source: string }} */ h) => h.source);
  if (JSON.stringify(headers) !== JSON.stringify(OWN_HEADER_SOURCES)) return 'the site declares header rules of its own';
  const rewrites = Array.isArray(routes.rewrites) ? { beforeFiles: [], afterFiles: routes.rewrites, fallback: [] } : routes.rewrites ?? {};
  const before = (rewrites.beforeFiles ?? []).map((/** @type {{ source: string }} */ r) => r.source);
  if (JSON.stringify(before) !== JSON.stringify(OWN_REWRITE_SOURCES) || rewrites.afterFiles?.length || rewrites.fallback?.length) return 'the site declares rewrites of its own';
  // Next's own redirect (a trailing slash) is internal; anything more is the site's.
  if ((routes.redirects ?? []).some((/** @type {{ internal?: boolean }} */ r) => !r.internal)) return 'the site declares redirects';
  if (routes.basePath || routes.i18n) return 'the site has a basePath or i18n routing';
  // What the document depends on beyond the page: the framework's defaults only (htmlProps below assumes them).
  const config = readJson(path.join(distDir, 'required-server-files.json')).config ?? {};
  if (config.assetPrefix || config.basePath || config.trailingSlash || config.i18n || config.crossOrigin || config.deploymentId || config.experimental?.optimizeCss || config.experimental?.nextScriptWorkers) {
    return 'the site sets assetPrefix, basePath, trailingSlash, i18n, crossOrigin, deploymentId, optimizeCss or nextScriptWorkers';
  }
  const middleware = path.join(distDir, 'server', 'middleware-manifest.json');
  if (fs.existsSync(middleware)) {
    const m = readJson(middleware);
    if (Object.keys(m.middleware ?? {}).length) return 'the site has middleware';
  }
  return null;
}

/**
 * The renderer for a project's build, or null (with the reason logged) when its routing is not the framework's own.
 * @param {{ dir: string, distDir?: string }} options
 * @returns {{ handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => unknown): unknown } | null}
 */
export function createDirectPages({ dir, distDir = path.join(dir, '.next') }) {
  let reason;
  try {
    reason = ownRouting(distDir);
  } catch (err) {
    reason = `the build's manifests could not be read (${err instanceof Error ? err.message : String(err)})`;
  }
  if (reason) {
    logger.info('reader pages rendered by Next', { reason });
    return null;
  }
  logger.info('reader pages rendered by server.mjs', { routes: [HOME, ...Object.values(SECTIONS)].map((r) => r.page) });
  const require = createRequire(path.join(dir, 'package.json'));
  // The same modules the page bundles and Next's render use (react, react-dom and Next's shared contexts are external
  // to the page bundles; the vendored contexts are those very modules).
  const { renderToString } = require('react-dom/server');
  const { jsx, jsxs, Fragment } = require('react/jsx-runtime');
  const contexts = require('next/dist/server/route-modules/pages/module.compiled').vendored.contexts;
  const { RouterContext } = contexts.RouterContext;
  const { HeadManagerContext } = contexts.HeadManagerContext;
  const { HtmlContext } = contexts.HtmlContext;
  const { AppRouterContext } = contexts.AppRouterContext;
  const { SearchParamsContext, PathParamsContext } = contexts.HooksClientContext;
  const { LoadableContext } = contexts.LoadableContext;
  const { ImageConfigContext } = contexts.ImageConfigContext;
  const { adaptForAppRouterInstance, adaptForSearchParams, adaptForPathParams, PathnameContextProviderAdapter } = require('next/dist/shared/lib/router/adapters');
  const { defaultHead } = require('next/dist/shared/lib/head');
  const { loadGetInitialProps } = require('next/dist/shared/lib/utils');
  const { getScriptNonceFromHeaders } = require('next/dist/server/app-render/get-script-nonce-from-header');
  const { getCookieParser } = require('next/dist/server/api-utils/get-cookie-parser');
  // styled-jsx as Next's render finds it (a page's <style jsx> registers in the registry render provides).
  const { createStyleRegistry, StyleRegistry } = createRequire(require.resolve('next/dist/server/render.js'))('styled-jsx');
  const buildManifest = readJson(path.join(distDir, 'build-manifest.json'));
  const fontFile = path.join(distDir, 'server', 'next-font-manifest.json');
  const nextFontManifest = fs.existsSync(fontFile) ? readJson(fontFile) : undefined;
  const buildId = fs.readFileSync(path.join(distDir, 'BUILD_ID'), 'utf8').trim();
  const config = readJson(path.join(distDir, 'required-server-files.json')).config ?? {};
  const Noop = () => null;

  /** @type {Map<string, Promise<any | null>>} */
  const modules = new Map();
  /** The page's module when it can be rendered here, else null (said once). @param {Route} route */
  const pageModule = (route) => {
    let found = modules.get(route.file);
    if (!found) {
      found = (async () => {
        const mod = await require(path.join(distDir, 'server', 'pages', route.file));
        const App = mod.routeModule?.components?.App;
        const why = !mod.routeModule?.components?.Document || !App
          ? 'no App or Document'
          : typeof mod.getServerSideProps !== 'function'
            ? 'no getServerSideProps'
            : mod.config?.unstable_runtimeJS !== false
              ? 'it ships JavaScript'
              : App.getInitialProps !== App.origGetInitialProps || mod.default?.getInitialProps
                ? 'getInitialProps'
                : null;
        if (why) {
          logger.info('reader page rendered by Next', { page: route.page, reason: why });
          return null;
        }
        return mod;
      })().catch((err) => {
        logger.warn('reader page rendered by Next', { page: route.page, reason: err instanceof Error ? err.message : String(err) });
        return null;
      });
      modules.set(route.file, found);
    }
    return found;
  };

  /**
   * The page's document, or null when getServerSideProps answered something other than props, or the page used what
   * only Next's render gives it (next/dynamic modules, a Suspense boundary that waited for data).
   * @param {any} mod @param {NonNullable<ReturnType<typeof readerRoute>>} at
   * @param {import('node:http').IncomingMessage} req
   */
  async function render(mod, at, req) {
    const { App, Document } = mod.routeModule.components;
    const Component = mod.default;
    const page = at.route.page;
    const query = { ...queryOf(at.search), ...at.params };
    // getServerSideProps' res: what it sets is kept, and reaches the client only if this path answers.
    /** @type {Map<string, { name: string, value: number | string | readonly string[] }>} */
    const headers = new Map();
    const recorded = {
      statusCode: 200,
      /** @param {string} name @param {number | string | readonly string[]} value */
      setHeader(name, value) {
        headers.set(name.toLowerCase(), { name, value });
        return recorded;
      },
      /** @param {string} name */
      getHeader: (name) => headers.get(name.toLowerCase())?.value,
      /** @param {string} name */
      hasHeader: (name) => headers.has(name.toLowerCase()),
      /** @param {string} name */
      removeHeader: (name) => void headers.delete(name.toLowerCase()),
    };
    // The address after next.mjs' rewrite (/posts/x is /ko/posts/x, / is /ko), with the query as sent.
    const resolvedUrl = `${at.lang === 'en' ? at.pathname : at.pathname === '/' ? '/ko' : `/ko${at.pathname}`}${at.search}`;
    // req.cookies, as Next's render gives getServerSideProps its request (Next sets it again, should the request end
    // up there). Parsed now and set as a plain property, not with Next's setLazyProp: its getter is a new accessor
    // pair per request, and with it a new hidden class, both of which V8 keeps in the old generation. Dead once the
    // page is answered, they still held the getter's closure and through it the request, the page and its Buffers
    // through every young collection, so each page was promoted and freed only by a full collection (issue 16:
    // 2.4 KB of maps per request, and the page's objects with them). A cookie header is a few hundred bytes at most
    // to parse, and usually absent.
    /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (req)).cookies = getCookieParser(req.headers)();
    const result = await mod.getServerSideProps({ req, res: recorded, query, resolvedUrl, params: at.params, locales: [], locale: undefined, defaultLocale: undefined });
    if (!result || !('props' in result)) return null;
    const pageProps = await result.props;
    const asPath = at.pathname + at.search;
    // From here on as Next's render.tsx (renderToHTMLImpl) renders a getServerSideProps page: the same providers around
    // the App, the same head, styled-jsx registry and document context, so a site's _app and _document (providers,
    // next/navigation hooks, next/image, <style jsx>, a renderPage with enhanceApp) see what they see there.
    /** @type {unknown} */
    let head = defaultHead();
    /** @type {Record<string, unknown>} */
    let scriptLoader = {};
    /** @type {string[]} */
    const loadable = [];
    const registry = createStyleRegistry();
    const nonce = getScriptNonceFromHeaders(req.headers);
    const router = new ServerRouter(page, query, asPath);
    const appRouter = adaptForAppRouterInstance(/** @type {any} */ (router));
    const headManager = {
      updateHead: (/** @type {any} */ state) => void (head = state),
      updateScripts: (/** @type {Record<string, unknown>} */ scripts) => void (scriptLoader = scripts),
      scripts: {},
      mountedInstances: new Set(),
      nonce,
    };
    /** @param {{ children: unknown }} props */
    const AppContainer = ({ children }) =>
      jsx(AppRouterContext.Provider, {
        value: appRouter,
        children: jsx(SearchParamsContext.Provider, {
          value: adaptForSearchParams(router),
          children: jsx(PathnameContextProviderAdapter, {
            router,
            isAutoExport: false,
            children: jsx(PathParamsContext.Provider, {
              value: adaptForPathParams(router),
              children: jsx(RouterContext.Provider, {
                value: router,
                children: jsx(HeadManagerContext.Provider, {
                  value: headManager,
                  children: jsx(LoadableContext.Provider, {
                    value: (/** @type {string} */ name) => loadable.push(name),
                    children: jsx(StyleRegistry, { registry, children: jsx(ImageConfigContext.Provider, { value: config.images, children }) }),
                  }),
                }),
              }),
            }),
          }),
        }),
      });
    // The Noops keep React's useId paths where Next has them (AppContainerWithIsomorphicFiberStructure).
    /** @param {{ children: unknown }} props */
    const Isomorphic = ({ children }) => jsxs(Fragment, { children: [jsx(Noop, {}), jsx(AppContainer, { children: jsxs(Fragment, { children: [children, jsx(Noop, {})] }) })] });
    const props = { pageProps: { ...pageProps } };
    // A post's static body comes out of the render as a mark (lib/mdx/render.tsx MdxBody), swapped below for its HTML
    // as bytes encoded once per made body; `marked` holds the bytes of the marks of the last render, in order.
    /** @type {{ bytes: Buffer, scripts: string[] | null }[]} */
    let marked = [];
    /** @param {any} EnhancedApp @param {any} EnhancedComponent */
    const content = (EnhancedApp, EnhancedComponent) => {
      marked = [];
      const g = /** @type {{ __manifoldBodyBytes?: unknown }} */ (globalThis);
      g.__manifoldBodyBytes = {
        /** @param {string} html @param {object} made */
        mark: (html, made) => {
          let kept = encodedBodies.get(made);
          if (!kept || kept.html !== html) {
            const bytes = Buffer.from(html);
            encodedBodies.set(made, (kept = { html, bytes, scripts: pieceScriptHashes(bytes) }));
          }
          marked.push(kept);
          return BODY_MARK;
        },
      };
      try {
        return renderToString(jsx('div', { id: '__next', children: jsx(Isomorphic, { children: jsx(EnhancedApp, { Component: EnhancedComponent, ...props, router }) }) }));
      } finally {
        delete g.__manifoldBodyBytes;
      }
    };
    const ctx = {
      err: undefined,
      req,
      res: recorded,
      pathname: page,
      query,
      asPath,
      locale: undefined,
      locales: undefined,
      defaultLocale: undefined,
      AppTree: (/** @type {Record<string, unknown>} */ treeProps) => jsx(Isomorphic, { children: jsx(App, { Component, ...treeProps, router }) }),
      defaultGetInitialProps: async (/** @type {any} */ docCtx, /** @type {{ nonce?: string }} */ options = {}) => {
        const enhanceApp = (/** @type {any} */ AppComp) => (/** @type {any} */ p) => jsx(AppComp, { ...p });
        const { html, head: pageHead } = await docCtx.renderPage({ enhanceApp });
        const styles = registry.styles({ nonce: options.nonce || nonce });
        registry.flush();
        return { html, head: pageHead, styles };
      },
    };
    /** @type {{ html: string, head?: unknown, styles?: unknown }} */
    let docProps;
    let styles;
    if (Document.getInitialProps) {
      const renderPage = async (/** @type {any} */ options = {}) => {
        const enhanced = enhanceComponents(options, App, Component);
        return { html: content(enhanced.App, enhanced.Component), head };
      };
      docProps = await loadGetInitialProps(Document, /** @type {any} */ ({ ...ctx, renderPage }));
      if (!docProps || typeof docProps.html !== 'string') return null;
      styles = docProps.styles;
      head = docProps.head;
    } else {
      docProps = { html: content(App, Component) };
      styles = registry.styles();
      registry.flush();
    }
    const inserted = renderToString(jsx(Fragment, { children: registry.styles() }));
    registry.flush();
    if (loadable.length) return null;
    const htmlProps = {
      __NEXT_DATA__: { props: { pageProps }, page, query, buildId, isFallback: false, gssp: true },
      nonce,
      buildManifest,
      docComponentsRendered: {},
      dangerousAsPath: asPath,
      isDevelopment: false,
      dynamicImports: [],
      dynamicCssManifest: new Set(),
      assetPrefix: '',
      unstable_runtimeJS: false,
      unstable_JsPreload: mod.config?.unstable_JsPreload,
      assetQueryString: '',
      cssAssetQueryString: '',
      mutableAssetQueryString: '',
      scriptLoader,
      disableOptimizedLoading: config.experimental?.disableOptimizedLoading,
      head,
      headTags: [],
      styles,
      optimizeCss: false,
      nextConfigOutput: config.output,
      nextScriptWorkers: false,
      runtime: 'nodejs',
      largePageDataBytes: config.experimental?.largePageDataBytes,
      nextFontManifest,
      experimentalClientTraceMetadata: config.experimental?.clientTraceMetadata,
    };
    const documentHtml = renderToString(jsx(HtmlContext.Provider, { value: htmlProps, children: jsx(Document, { ...htmlProps, ...docProps }) }));
    const target = documentHtml.indexOf(BODY_TARGET);
    if (target < 0) throw new Error('the document has no <Main />');
    // Encoded here, once: the string React built is thousands of pieces, and reading it as a string (a search) would
    // first copy it into one, which cost more than the encoding (0.8 ms of a demo post's 4). A static post body is
    // not in it: its mark is, swapped for the body's bytes, encoded once per post version.
    const text = `<!DOCTYPE html>${documentHtml.slice(0, target)}${inserted}${docProps.html}${documentHtml.slice(target + BODY_TARGET.length)}`;
    /** @type {string[] | null} the page's inline scripts' hashes, in document order, when read here */
    let scripts = null;
    // The page is written into a buffer that later pages use again once this one's answer has closed
    // (page-buffers.mjs: V8 starts a full collection per ~64 MB of ArrayBuffers allocated, dead young or not).
    const parts = marked.length === 0 ? [text] : text.split(BODY_MARK);
    // A document that rewrote the page's HTML (or rendered it twice) lost the marks' order: Next renders it.
    if (parts.length !== marked.length + 1) throw new LeftToNext();
    const sizes = parts.map((part) => Buffer.byteLength(part));
    let size = 0;
    for (let i = 0; i < parts.length; i++) size += sizes[i] + (i < marked.length ? marked[i].bytes.length : 0);
    const lease = takePageBuffer(size);
    /** @type {Buffer} */
    let body;
    try {
      /** @type {Buffer[]} the parts rendered here, as bytes in the page */
      const encoded = [];
      let at = 0;
      for (let i = 0; i < parts.length; i++) {
        const written = lease.buf.write(parts[i], at);
        encoded.push(lease.buf.subarray(at, at + written));
        at += written;
        if (i < marked.length) at += marked[i].bytes.copy(lease.buf, at);
      }
      body = lease.buf.subarray(0, at);
      // renderToString gives a Suspense boundary that waited its fallback, where Next's stream waits for the content.
      // Searched as bytes, in the parts rendered here: a spliced body is a static body's HTML (host elements and text,
      // no Suspense boundary), and its scripts were read once, when it was encoded.
      if (encoded.some((part) => part.includes(CLIENT_RENDERED))) throw new LeftToNext();
      if (marked.length > 0) {
        // The request listener then hashes no script again (security.mjs PAGE_SCRIPT_HASHES); a script element that
        // runs across a part's end leaves it to read the whole page.
        /** @type {string[] | null} */
        let found = [];
        for (let i = 0; i < encoded.length && found; i++) {
          const inPart = pieceScriptHashes(encoded[i]);
          const inBody = i < marked.length ? marked[i].scripts : [];
          found = inPart && inBody ? [...found, ...inPart, ...inBody] : null;
        }
        scripts = found && [...new Set(found)];
      }
    } catch (err) {
      lease.release();
      throw err;
    }
    return { status: recorded.statusCode, headers, body, scripts, release: lease.release };
  }

  return {
    handle(req, res, next) {
      const at = req.method === 'GET' ? readerRoute(req.url ?? '/') : null;
      // Preview (draft mode) cookies: Next reads and verifies them, and clears ones that do not verify.
      if (!at || PREVIEW_COOKIE.test(req.headers.cookie ?? '')) return next();
      return pageModule(at.route)
        .then((mod) => (mod ? render(mod, at, req) : null))
        .then(
          (done) => {
            if (!done) return next();
            res.statusCode = done.status;
            for (const { name, value } of done.headers.values()) res.setHeader(name, value);
            if (!done.headers.has('cache-control')) res.setHeader('Cache-Control', NO_STORE);
            res.setHeader('Content-Type', 'text/html; charset=utf-8');
            if (done.scripts) /** @type {any} */ (res)[PAGE_SCRIPT_HASHES] = done.scripts;
            // The page's buffer is this response's until it has closed: every write handed to the OS, or the socket
            // gone (page-buffers.mjs).
            res.once('close', done.release);
            res.end(done.body);
          },
          (err) => {
            // Next renders its error page for this, as it always did (503 and Retry-After while the database is out of
            // reach, which Next's own log line reports; anything else is said here too).
            if (!databaseUnavailable(err) && !(err instanceof LeftToNext)) logger.warn('reader page handed to Next after an error', { url: req.url, error: err instanceof Error ? err.message : String(err) });
            return next();
          },
        );
    },
  };
}
