// getServerSideProps of the blog's reader pages (pages/[lang]/…). Each renders per request from the database and
// says how long a shared cache may keep the result: the CDN on Vercel by Cache-Control (READER_CACHE_CONTROL), server.mjs's
// page cache by its own Manifold-Cache-Control (READER_PAGE_CACHE_CONTROL, longer: a content change clears it, lib/cache.ts).
import type { GetServerSideProps, GetServerSidePropsContext, Redirect } from 'next';
import { renderToString } from 'react-dom/server';
import { loadEmbeds, loadedEmbeds, loadedEmbedSchemas } from '../../lib/embeds';
import { prepareMdxBody } from '../../lib/mdx/prepare';
import { resolveEmbedData } from '../../lib/embed-data';
import type { Lang } from '../../lib/i18n';
import { READER_CACHE_CONTROL, READER_PAGE_CACHE_CONTROL } from './cache';
import { findCategoryInTree, getCategoryTree, getPublishedPost, listPublishedPosts, listTags, searchPostsPage } from './data';
import { MAX_OFFSET, readInt, readQuery, SEARCH_PAGE_SIZE } from './search/request';
import { parseLang, parsePageNumber, postUrl, splitPage } from './urls';
import { visibleToReaders } from './visibility';
import { legacyRedirect } from './legacy-paths';
import { db } from '../../lib/db';
import { settings } from '../../lib/settings';
import { prepareParts } from './views/prepared';
import { prepareSidebar, sidebarAt, type ReaderChrome, type SidebarCurrent } from './views/frame';
import type { CategoryPageProps, HomePageProps, TagPageProps } from './views/lists';
import type { PostPageProps } from './views/post';
import type { SearchPageProps } from './views/search';

type Loader<P> = (ctx: GetServerSidePropsContext, lang: Lang, chrome: ReaderChrome) => Promise<P | null>;

/**
 * Props of a reader route that found nothing. The route renders the site's 404 page itself, with status 404, instead
 * of returning `{ notFound: true }`: as long as app/ holds any route (the API, the feed), Next answers that with the
 * App Router's built-in not-found page, a second document with about 170 KB of JavaScript.
 */
export interface NotFoundProps {
  notFound: true;
}

function notFound(ctx: GetServerSidePropsContext): { props: NotFoundProps } {
  ctx.res.statusCode = 404;
  return { props: { notFound: true } };
}

const firstOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * An old address of a moved-in post (a LegacyPath an importer or `manage redirects` recorded): 301 to the post's URL
 * when readers may see it, else null. The request is looked up as sent, and without the language prefix the router's
 * rewrite gave it; the home page's WordPress `?p=` / `?page_id=` are part of the address (the page cache keeps them).
 */
export async function legacyRedirectFor(ctx: GetServerSidePropsContext, lang: Lang): Promise<{ redirect: Redirect } | null> {
  const urls = [ctx.req?.url, ctx.resolvedUrl].filter((u): u is string => typeof u === 'string');
  const candidates = new Set<string>();
  for (const url of urls) {
    candidates.add(url);
    const bare = url.replace(/^\/(?:ko|en)(?=[/?]|$)/, '');
    candidates.add(bare.startsWith('/') ? bare : `/${bare}`);
  }
  for (const name of ['p', 'page_id']) {
    const value = firstOf(ctx.query?.[name]);
    if (value !== undefined) candidates.add(`/?${name}=${value}`);
  }
  const to = await legacyRedirect(db, lang, [...candidates]);
  return to ? { redirect: { destination: to, statusCode: 301 } } : null;
}

/** 404, unless the address is an old one of a moved-in post. */
async function notFoundOrMoved(ctx: GetServerSidePropsContext, lang: Lang | null) {
  return (await legacyRedirectFor(ctx, lang ?? 'ko')) ?? notFound(ctx);
}

/**
 * The shared part: the language from the URL, the sidebar's data, 404 for anything a loader does not find. `at` says
 * where the reader is, for the sidebar (the view passes the same to BlogFrame), whose HTML is then made once per kept
 * sidebar data (views/frame.tsx prepareSidebar).
 */
function readerPage<P extends { lang: Lang; chrome: ReaderChrome; siteUrl?: string }>(
  load: Loader<Omit<P, 'lang' | 'chrome' | 'siteUrl'>>,
  at?: (props: Omit<P, 'lang' | 'chrome' | 'siteUrl'>) => SidebarCurrent,
): GetServerSideProps<P | NotFoundProps> {
  return async (ctx) => {
    const lang = parseLang(ctx.params?.lang);
    if (!lang) return notFoundOrMoved(ctx, null);
    const [tree, tags] = await Promise.all([getCategoryTree(), listTags()]);
    const chrome = { tree, tags };
    const props = await load(ctx, lang, chrome);
    if (!props) return notFoundOrMoved(ctx, lang);
    prepareSidebar({ chrome, lang, current: at?.(props) }, renderToString);
    ctx.res.setHeader('Cache-Control', READER_CACHE_CONTROL);
    ctx.res.setHeader('Manifold-Cache-Control', READER_PAGE_CACHE_CONTROL);
    // siteUrl: for the head's absolute links (views/route.tsx provides it to the views).
    return { props: { ...props, lang, chrome, siteUrl: settings().siteUrl } as P };
  };
}

/**
 * Any other address under a language (/no/such/page, /en/posts): the 404 page, from the same document; an old address
 * of a moved-in post (/2020/02/16/slug, /entry/제목) answers 301 to the post.
 */
export const unknownPageProps: GetServerSideProps<NotFoundProps> = async (ctx) => notFoundOrMoved(ctx, parseLang(ctx.params?.lang));

const segments = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const homePage = readerPage<HomePageProps>(async (ctx, _lang, { tree }) => {
  const page = ctx.params?.page === undefined ? 1 : parsePageNumber(String(ctx.params.page));
  if (!page) return null;
  // The sidebar's total is the count of this list (queries.ts): not counted again.
  const result = await listPublishedPosts({}, page, tree, { total: tree.total });
  return page > result.pageCount ? null : { result };
}, sidebarAt.home);

/** The home page; with WordPress's `?p=123` / `?page_id=45` of a moved-in post, 301 to that post (else the home page). */
export const homePageProps: GetServerSideProps<HomePageProps | NotFoundProps> = async (ctx) => {
  const lang = parseLang(ctx.params?.lang);
  if (lang && ctx.params?.page === undefined && (ctx.query?.p !== undefined || ctx.query?.page_id !== undefined)) {
    const moved = await legacyRedirectFor(ctx, lang);
    if (moved) return moved;
  }
  return homePage(ctx);
};

export const categoryPageProps = readerPage<CategoryPageProps>(async (ctx, _lang, { tree }) => {
  const split = splitPage(segments(ctx.params?.path));
  if (!split || split.rest.length === 0) return null;
  const found = findCategoryInTree(tree, split.rest);
  if (!found) return null;
  const result = await listPublishedPosts({ categoryIds: found.ids }, split.page, tree, { total: found.node.count });
  if (split.page > result.pageCount) return null;
  const { name, path, count, description } = found.node;
  return { category: { name, path, count, description }, result };
}, (props) => sidebarAt.category(props.category.path));

export const tagPageProps = readerPage<TagPageProps>(async (ctx, _lang, { tree, tags }) => {
  const split = splitPage(segments(ctx.params?.path));
  if (!split || split.rest.length !== 1) return null;
  const tag = tags.find((t) => t.slug === split.rest[0]);
  if (!tag) return null;
  const result = await listPublishedPosts({ tagSlug: tag.slug }, split.page, tree, { total: tag.count });
  return split.page > result.pageCount ? null : { tag, result };
}, (props) => sidebarAt.tag(props.tag.slug));

export const searchPageProps = readerPage<SearchPageProps>(async (ctx, _lang, { tree }) => {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const read = readQuery(first(ctx.query.q));
  const page = readInt(first(ctx.query.page) ?? null, 1, 1, Math.ceil(MAX_OFFSET / SEARCH_PAGE_SIZE));
  if (page === null) return null;
  if ('problem' in read) {
    // A refused query is the reader's mistake, said on the page: 400 for a query, 200 for the bare form.
    if (read.problem !== 'empty') ctx.res.statusCode = 400;
    return { query: read.query, problem: read.problem, hits: [], total: 0, capped: false, page: 1, dropped: [] };
  }
  const found = await searchPostsPage(read.query, { limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE, tree });
  if (page > 1 && !found.hits.length) return null;
  return { query: read.query, problem: null, hits: found.hits, total: found.total, capped: found.capped, page, dropped: found.dropped };
});

const publishedPostPage = readerPage<PostPageProps>(async (ctx, _lang, { tree }) => {
  const slug = ctx.params?.slug;
  if (typeof slug !== 'string' || !slug) return null;
  const [post] = await Promise.all([getPublishedPost(slug, tree), loadEmbeds()]);
  if (!post) return null;
  // The embeds' render-time data (e.g. <ModelDemo>'s model and example), looked up before the body renders.
  // The same key as the view's MdxBody, so the stored tree is parsed once per post version, not per request.
  const cacheKey = `${post.id}:${post.version}`;
  const embedData = await resolveEmbedData(post.code, { cacheKey });
  const data = Object.keys(embedData).length ? embedData : undefined;
  // The body's static parts rendered to HTML once per post version (lib/mdx/render.tsx), here, before the page renders.
  prepareMdxBody({ cacheKey, code: post.code, embeds: loadedEmbeds(), schemas: loadedEmbedSchemas(), data });
  // The page's other parts made from the kept post, as HTML from the second render on (views/prepared.tsx).
  for (const owner of [post, post.series, post.related]) if (owner) prepareParts(owner, renderToString);
  return data ? { post, embedData: data } : { post };
}, (props) => sidebarAt.post(props.post.category?.path));

/**
 * The current slug of the post that had `slug` before it was renamed (editor/api.ts records a Redirect when a visible
 * post's slug changes), when readers may see that post; null otherwise (an unpublished post's new address stays private).
 */
async function movedPostSlug(slug: string, now = new Date()): Promise<string | null> {
  const moved = await db.redirect.findUnique({ where: { oldSlug: slug }, select: { post: { select: { slug: true } } } });
  if (!moved) return null;
  const visible = await db.post.findFirst({ where: { slug: moved.post.slug, ...visibleToReaders(now) }, select: { slug: true } });
  return visible?.slug ?? null;
}

/** A post page; an address a post had before its slug changed answers 308 to the post's address now. */
export const postPageProps: GetServerSideProps<PostPageProps | NotFoundProps> = async (ctx) => {
  const result = await publishedPostPage(ctx);
  const lang = parseLang(ctx.params?.lang);
  const slug = ctx.params?.slug;
  if (lang && typeof slug === 'string' && 'props' in result && (result.props as Partial<NotFoundProps>).notFound) {
    const to = await movedPostSlug(slug);
    if (to && to !== slug) {
      ctx.res.statusCode = 308;
      return { redirect: { destination: postUrl(lang, to), permanent: true } };
    }
  }
  return result;
};
