// RSS 2.0 and Atom 1.0 feeds → ImportBundle (e.g. a Tistory blog's /rss, which carries the full HTML of its recent
// posts). Streamed with saxes, DOCTYPE refused (xml.ts). Tistory's HTML conventions are expanded (tistory.ts).
// Every item is published (a feed has nothing else); the first <category> is the post's category (Tistory's
// "상위/하위" makes a two-level tree), the others its tags. Pure: reads text, touches no database.
import {
  ImportFormatError, type ImportAuthor, type ImportBundle, type ImportCategory, type ImportNote, type ImportPost, type ImportTag,
} from './bundle';
import { htmlToMarkdown } from './html-to-markdown';
import { expandTistoryPlaceholders } from './tistory';
import { legacyPath, percentDecode, slugify } from './util';
import { parseXml, type XmlInput } from './xml';

export interface FeedOptions {
  /** The site's address, when the feed's own <link> is missing or wrong. */
  siteUrl?: string;
  /** Names the input in errors ('rss.xml' or the URL). */
  label?: string;
}

interface RawEntry {
  index: number;
  fields: Record<string, string>;
  links: { rel: string; href: string }[];
  categories: string[];
  author: string;
  contentType: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attrsToString(attributes: Record<string, string>): string {
  return Object.entries(attributes).filter(([k]) => !k.startsWith('xmlns'))
    .map(([k, v]) => ` ${k.replace(/^.*:/, '')}="${escapeHtml(v).replace(/"/g, '&quot;')}"`).join('');
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

/** Parses an RSS 2.0 or Atom feed (text, bytes or a stream of chunks) into an ImportBundle. */
export async function parseFeed(input: XmlInput, options: FeedOptions = {}): Promise<ImportBundle> {
  let kind: 'rss' | 'atom' | null = null;
  const stack: string[] = [];
  let buf = '';
  const channel: Record<string, string> = {};
  let channelLink = '';
  const entries: RawEntry[] = [];
  let entry: RawEntry | null = null;
  let xhtmlDepth = 0; // inside an Atom <content type="xhtml">: its markup is rebuilt as HTML
  let inAuthor = false;

  await parseXml(input, {
    open(name, attributes) {
      if (!kind) {
        if (name === 'rss') kind = 'rss';
        else if (name === 'feed') kind = 'atom';
        else throw new ImportFormatError('line 1', `not an RSS 2.0 or Atom feed: the root element is <${name}>`);
      }
      if (xhtmlDepth > 0) {
        xhtmlDepth++;
        buf += `<${name.replace(/^.*:/, '')}${attrsToString(attributes)}>`;
        return;
      }
      const parent = stack[stack.length - 1];
      stack.push(name);
      buf = '';
      const itemName = kind === 'rss' ? 'item' : 'entry';
      if (name === itemName && (parent === 'channel' || parent === 'feed')) {
        entry = { index: entries.length + 1, fields: {}, links: [], categories: [], author: '', contentType: 'html' };
      } else if (entry && name === 'link' && kind === 'atom') {
        entry.links.push({ rel: attributes.rel ?? 'alternate', href: attributes.href ?? '' });
      } else if (entry && name === 'category' && kind === 'atom') {
        const label = attributes.label || attributes.term;
        if (label) entry.categories.push(label.trim());
      } else if (entry && (name === 'content' || name === 'summary') && kind === 'atom') {
        if (name === 'content' || !entry.fields.content) entry.contentType = attributes.type ?? 'text';
        if (attributes.type === 'xhtml') xhtmlDepth = 1;
      } else if (entry && name === 'author') inAuthor = true;
      else if (!entry && kind === 'atom' && name === 'link' && parent === 'feed') {
        if ((attributes.rel ?? 'alternate') === 'alternate' && attributes.href) channelLink = attributes.href;
      }
    },
    text(text) {
      buf += xhtmlDepth > 0 ? escapeHtml(text) : text;
    },
    close(name) {
      if (xhtmlDepth > 1) {
        xhtmlDepth--;
        buf += /^(br|img|hr)$/.test(name.replace(/^.*:/, '')) ? '' : `</${name.replace(/^.*:/, '')}>`;
        return;
      }
      xhtmlDepth = 0;
      const value = buf;
      buf = '';
      stack.pop();
      const parent = stack[stack.length - 1];
      if (entry) {
        if ((name === 'item' || name === 'entry') && (parent === 'channel' || parent === 'feed')) {
          entries.push(entry);
          entry = null;
        } else if (name === 'author') {
          inAuthor = false;
          if (kind === 'rss') entry.author ||= value.trim().replace(/^\S+@\S+\s*\((.*)\)$/, '$1');
        } else if (inAuthor && name === 'name') entry.author = value.trim();
        else if (name === 'dc:creator') entry.author = value.trim();
        else if (name === 'category' && kind === 'rss') { if (value.trim()) entry.categories.push(value.trim()); }
        else if (parent === 'item' || parent === 'entry') entry.fields[name] = value;
      } else if (parent === 'channel' || parent === 'feed') channel[name] = value.trim();
    },
  }, options.label);

  if (kind === 'rss' && !('title' in channel) && !entries.length) {
    throw new ImportFormatError(options.label ?? 'feed', 'not an RSS 2.0 feed: no <channel>');
  }
  const site = (options.siteUrl ?? (kind === 'rss' ? channel.link : channelLink) ?? '').trim().replace(/\/+$/, '');
  const notes: ImportNote[] = [];
  const authors = new Map<string, ImportAuthor>();
  const categories = new Map<string, ImportCategory>();
  const tags = new Map<string, ImportTag>();
  const posts: ImportPost[] = [];
  const slugs = new Set<string>();

  const category = (name: string): string => {
    const parts = name.split('/').map((p) => p.trim()).filter(Boolean);
    let parentKey: string | undefined;
    let key = '';
    for (const part of parts.slice(0, 2)) {
      key = key ? `${key}/${part}` : part;
      if (!categories.has(key)) {
        categories.set(key, { key, name: part, slug: slugify(part) || `category-${categories.size + 1}`, ...(parentKey ? { parentKey } : {}) });
      }
      parentKey = key;
    }
    return key;
  };

  for (const e of entries) {
    const f = e.fields;
    const title = (f.title ?? '').trim();
    const link = kind === 'rss' ? (f.link ?? '').trim()
      : (e.links.find((l) => l.rel === 'alternate')?.href ?? e.links[0]?.href ?? '').trim();
    const guid = (kind === 'rss' ? f.guid : f.id)?.trim() ?? '';
    const key = guid || link;
    const where = `item ${e.index} "${title}"`;
    if (!key) throw new ImportFormatError(where, 'no <guid>, <id> or <link> to know it by');
    const dateText = (kind === 'rss' ? f.pubDate ?? f['dc:date'] : f.published ?? f.updated)?.trim() ?? '';
    const publishedAt = dateText ? new Date(dateText) : null;
    if (!publishedAt || Number.isNaN(publishedAt.getTime())) {
      throw new ImportFormatError(where, dateText ? `not a date: "${dateText.slice(0, 60)}"` : 'no publication date');
    }
    const updated = kind === 'atom' && f.updated ? new Date(f.updated) : null;

    let html = kind === 'rss' ? (f['content:encoded'] || f.description || '') : (f.content || f.summary || '');
    if (kind === 'atom' && e.contentType === 'text') html = `<p>${escapeHtml(html).replace(/\n\s*\n/g, '</p><p>')}</p>`;
    const bodyNotes: string[] = [];
    html = expandTistoryPlaceholders(html, bodyNotes);
    const converted = htmlToMarkdown(html);
    for (const n of [...new Set([...bodyNotes, ...converted.notes])]) {
      notes.push({ where, kind: n.startsWith('dropped') ? 'dropped' : 'converted', message: n });
    }

    const paths = new Set<string>();
    const linkPath = legacyPath(link);
    if (linkPath) paths.add(linkPath);
    if (/^https?:\/\//.test(guid) && (!link || sameHost(guid, link))) {
      const guidPath = legacyPath(guid);
      if (guidPath) paths.add(guidPath);
    }

    const entryTitle = /^\/entry\/(.+?)\/?$/.exec(linkPath ?? '')?.[1];
    const lastSegment = percentDecode((linkPath ?? '').replace(/\?.*$/, '').split('/').filter(Boolean).pop() ?? '');
    let slug = slugify(entryTitle ?? '') || (/^\d+$/.test(lastSegment) ? '' : slugify(lastSegment)) || slugify(title) || `post-${e.index}`;
    if (slugs.has(slug)) {
      let n = 2;
      while (slugs.has(`${slug}-${n}`)) n++;
      notes.push({ where, kind: 'converted', message: `slug "${slug}" already taken in this feed: "${slug}-${n}"` });
      slug = `${slug}-${n}`;
    }
    slugs.add(slug);

    const [first, ...rest] = e.categories;
    const categoryKey = first ? category(first) : undefined;
    const tagKeys: string[] = [];
    for (const name of rest) {
      const tagKey = name;
      if (!tags.has(tagKey)) tags.set(tagKey, { key: tagKey, name, slug: slugify(name) || `tag-${tags.size + 1}` });
      if (!tagKeys.includes(tagKey)) tagKeys.push(tagKey);
    }
    let authorKey: string | undefined;
    if (e.author) {
      authorKey = e.author;
      if (!authors.has(authorKey)) {
        authors.set(authorKey, { key: authorKey, login: slugify(e.author) || `author-${authors.size + 1}`, name: e.author });
      }
    }
    posts.push({
      key,
      title,
      slug,
      status: 'published',
      publishedAt,
      ...(updated && !Number.isNaN(updated.getTime()) ? { modifiedAt: updated } : {}),
      ...(authorKey ? { authorKey } : {}),
      ...(categoryKey ? { categoryKey } : {}),
      tagKeys,
      excerpt: '',
      body: converted.markdown,
      format: 'markdown',
      legacyPaths: [...paths],
      comments: [],
    });
  }
  notes.push({
    where: 'feed', kind: 'warning',
    message: `a feed carries only its most recent posts (${posts.length} here); older posts and drafts are not in it`,
  });
  return {
    source: 'feed',
    site,
    authors: [...authors.values()],
    categories: [...categories.values()],
    tags: [...tags.values()],
    posts,
    attachments: [],
    notes,
  };
}
