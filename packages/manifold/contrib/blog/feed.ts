// The feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, of the whole site, a category or a tag (urls.ts feedUrl), each
// with the whole text of its posts (feed-content.ts) and absolute addresses from SITE_URL. Built with `feed` (XML
// escaping and date formats are its job); what it leaves to its caller is done here: Atom's type="html" titles are
// escaped, no CDATA section can be ended early by a post's text, and its JSON Feed 1 output is brought to 1.1.
// Answered with their content type, an ETag (304 to a reader that has it) and Cache-Control; an unknown scope is a 404.
import 'server-only';
import crypto from 'node:crypto';
import { Feed, type Item } from 'feed';
import { settings } from '../../lib/settings';
import { siteConfig } from '@site/site.config';
import { READER_CACHE_CONTROL } from './cache';
import { getFeed } from './data';
import { feedHtml } from './feed-content';
import type { FeedPost } from './seo-queries';
import { absolute, categoryUrl, FEED_CONTENT_TYPES, FEED_FILES, feedUrl, homeUrl, ICON_PATHS, parseFeedFile, parseFeedScope, postUrl, tagUrl, type FeedFormat, type FeedScope } from './urls';

/** Feed readers may keep a feed five minutes; shared caches as long as a reader page (cache.ts), then revalidate. */
export const FEED_CACHE_CONTROL = `${READER_CACHE_CONTROL}, max-age=300`;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * `feed` writes titles, summaries and content as CDATA and breaks only the first "]]>" of each: in HTML the others
 * are written `]]&gt;`, which reads the same.
 */
const cdataSafe = (html: string) => html.replace(/]]>/g, ']]&gt;');

/** Characters XML 1.0 forbids anywhere (C0 controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function scopePageUrl(scope: FeedScope): string {
  if (scope.kind === 'category') return categoryUrl('ko', scope.path);
  if (scope.kind === 'tag') return tagUrl('ko', scope.slug);
  return homeUrl('ko');
}

function item(post: FeedPost, format: FeedFormat, base: string): Item {
  const link = absolute(base, postUrl('ko', post.slug));
  const html = feedHtml(post, link) ?? `<p>${escapeHtml(post.excerpt)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`;
  const json = format === 'json';
  const categories = [
    ...(post.category ? [{ name: post.category.name, term: post.category.name, domain: absolute(base, categoryUrl('ko', post.category.path)) }] : []),
    ...post.tags.map((t) => ({ name: t.name, term: t.name, domain: absolute(base, tagUrl('ko', t.slug)) })),
  ];
  return {
    // Atom's titles are type="html", RSS's and JSON Feed's plain text.
    title: format === 'atom' ? escapeHtml(post.title) : json ? post.title : post.title.replace(/]]>/g, ']]&gt;'),
    id: link,
    link,
    // A summary is plain text in JSON Feed and HTML in the XML formats.
    description: post.excerpt ? (json ? post.excerpt : escapeHtml(post.excerpt)) : undefined,
    content: json ? html : cdataSafe(html),
    date: post.modifiedAt,
    published: post.publishedAt,
    category: categories,
  };
}

/**
 * A feed's text, or null when its scope names nothing readers can see (an unknown category or tag).
 * `updated` is its newest post's modification (the epoch for an empty feed, so its text and ETag stay the same).
 */
export async function buildFeed(format: FeedFormat = 'rss', scope: FeedScope = { kind: 'site' }): Promise<{ body: string; updated: Date } | null> {
  const base = settings().siteUrl;
  const source = await getFeed(scope);
  if (!source) return null;
  const updated = source.posts.reduce((latest, p) => (p.modifiedAt > latest ? p.modifiedAt : latest), new Date(0));
  const title = source.name === null ? siteConfig.title : `${scope.kind === 'tag' ? `#${source.name}` : source.name} – ${siteConfig.title}`;
  const home = absolute(base, homeUrl('ko'));
  const links = Object.fromEntries(Object.keys(FEED_FILES).map((f) => [f, absolute(base, feedUrl(f as FeedFormat, scope))])) as Record<FeedFormat, string>;
  const feed = new Feed({
    // Plain text in all three (Atom's feed title has no type="html", unlike its entries').
    title,
    description: siteConfig.description,
    id: absolute(base, scopePageUrl(scope)),
    link: absolute(base, scopePageUrl(scope)),
    language: siteConfig.language,
    copyright: `© ${siteConfig.author}`,
    author: { name: siteConfig.author, link: home },
    generator: 'Manifold',
    image: absolute(base, ICON_PATHS.large),
    favicon: absolute(base, ICON_PATHS.svg),
    updated,
    feedLinks: links,
  });
  for (const post of source.posts) feed.addItem(item(post, format, base));
  if (format === 'json') return { body: toJsonFeed11(feed.json1(), base), updated };
  return { body: (format === 'atom' ? feed.atom1() : feed.rss2()).replace(NOT_XML, ''), updated };
}

/** `feed` writes JSON Feed 1; version 1.1 names its authors in a list and says the feed's language. */
function toJsonFeed11(json: string, base: string): string {
  const feed = JSON.parse(json) as Record<string, unknown> & { author?: { name?: string; url?: string } };
  const { author, ...rest } = feed;
  const out = {
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    ...(author ? { authors: [author] } : {}),
    language: siteConfig.language,
    favicon: absolute(base, ICON_PATHS.favicon),
  };
  return JSON.stringify(out);
}

/** The answer to a GET of a feed: 200 with its text, 304 to a reader that has this version, 404 for an unknown scope. */
export async function feedResponse(request: Request, format: FeedFormat, scope: FeedScope = { kind: 'site' }): Promise<Response> {
  const feed = await buildFeed(format, scope);
  if (!feed) return notFound();
  const etag = `W/"${crypto.createHash('sha256').update(feed.body).digest('base64url').slice(0, 27)}"`;
  const headers = {
    'content-type': FEED_CONTENT_TYPES[format],
    'cache-control': FEED_CACHE_CONTROL,
    etag,
    'last-modified': feed.updated.toUTCString(),
    'x-content-type-options': 'nosniff',
  };
  const asked = request.headers.get('if-none-match');
  if (asked && asked.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) return new Response(null, { status: 304, headers });
  return new Response(feed.body, { headers });
}

function notFound(): Response {
  return new Response('No such feed.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/** The GET of a site-wide feed route (app/feed.xml, app/atom.xml, app/feed.json). */
export const siteFeedRoute = (format: FeedFormat) => (request: Request) => feedResponse(request, format);

/**
 * The GET of app/feeds/[file]/[...scope]: a category's or a tag's feed, reached through next.config.mjs's rewrite of
 * /category/<path>/<file> and /tag/<slug>/<file>. Anything else is a 404.
 */
export async function scopedFeedGet(request: Request, { params }: { params: Promise<{ file: string; scope: string[] }> }): Promise<Response> {
  const { file, scope: segments } = await params;
  const format = parseFeedFile(file);
  const scope = Array.isArray(segments) ? parseFeedScope(segments) : null;
  if (!format || !scope) return notFound();
  return feedResponse(request, format, scope);
}
