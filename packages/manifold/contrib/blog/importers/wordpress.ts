// WordPress WXR 1.2 (Tools → Export) → ImportBundle. Streamed with saxes: one <item> at a time is held and converted,
// never a DOM of the file. A DOCTYPE is refused (see xml.ts). Pure: reads text, touches no database.
import {
  ImportFormatError, type ImportAttachment, type ImportAuthor, type ImportBundle, type ImportCategory, type ImportComment,
  type ImportNote, type ImportPost, type ImportTag,
} from './bundle';
import { convertMarkupShortcodes, htmlToMarkdown } from './html-to-markdown';
import { checkTimeZone, legacyPath, percentDecode, slugify, wallClockToDate } from './util';
import { parseXml, type XmlInput } from './xml';

export interface WordpressOptions {
  /** The site's time zone (IANA), for dates the export gives only as local wall-clock time. Default UTC. */
  timeZone?: string;
  /** Import pages (wp:post_type page) as posts instead of skipping them. */
  pagesAsPosts?: boolean;
  /** Names the input in errors ('export.xml'). */
  label?: string;
}

interface RawItem {
  index: number;
  fields: Record<string, string>;
  categories: { domain: string; nicename: string; name: string }[];
  meta: Record<string, string>[];
  comments: Record<string, string>[];
}

const ITEM_TERMS = new Set(['wp:author', 'wp:category', 'wp:tag']);
/** Shortcodes whose content cannot be carried over: dropped with a note. */
const DROPPED_SHORTCODES = /\[(gallery|playlist|contact-form-7|contact-form|wpforms|ninja_form|instagram|tweet|soundcloud|products?|recent-posts|archives)\b[^\]]*\](?:[\s\S]*?\[\/\1\])?/gi;

/** [embed], [youtube], [video]/[audio] shortcodes → a link line; [gallery] & co. dropped. Returns notes. */
function convertShortcodes(html: string, notes: string[]): string {
  const linkLine = (url: string, what: string) => {
    const clean = url.trim().replace(/^["']|["']$/g, '');
    if (!/^https?:\/\//i.test(clean)) {
      notes.push(`dropped [${what}] without an http(s) address`);
      return '';
    }
    notes.push(`[${what}] → link ${clean}`);
    return `\n\n<p><a href="${clean.replace(/"/g, '&quot;')}">${clean.replace(/</g, '&lt;')}</a></p>\n\n`;
  };
  return convertMarkupShortcodes(html)
    .replace(/\[embed\b[^\]]*\]([\s\S]*?)\[\/embed\]/gi, (_, url: string) => linkLine(url, 'embed'))
    .replace(/\[youtube[ =]([^\]\s]+)[^\]]*\]/gi, (_, url: string) => linkLine(url, 'youtube'))
    .replace(/\[(video|audio)\b([^\]]*)\](?:\s*\[\/\1\])?/gi, (_, name: string, attrs: string) => {
      const src = /\b(?:src|mp4|mp3|webm|ogg)\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1] ?? '';
      return linkLine(src, name.toLowerCase());
    })
    .replace(DROPPED_SHORTCODES, (m, name: string) => {
      notes.push(`dropped [${name.toLowerCase()}] shortcode`);
      return '';
    });
}

const STATUS: Record<string, ImportPost['status']> = { publish: 'published', future: 'scheduled', draft: 'draft', pending: 'draft', private: 'draft' };

function sizeVariantKey(url: string): string {
  return url.replace(/[?#].*$/, '').replace(/-\d+x\d+(?=\.\w+$)/, '').replace(/^https?:/, '');
}

/** Parses a WXR export (text, bytes or a stream of chunks) into an ImportBundle. */
export async function parseWordpress(input: XmlInput, options: WordpressOptions = {}): Promise<ImportBundle> {
  const timeZone = options.timeZone ?? 'UTC';
  try {
    checkTimeZone(timeZone);
  } catch (error) {
    throw new ImportFormatError('--time-zone', (error as Error).message);
  }
  const channel: Record<string, string> = {};
  const authors = new Map<string, ImportAuthor>();
  const categories = new Map<string, ImportCategory>();
  const tags = new Map<string, ImportTag>();
  const posts: ImportPost[] = [];
  const attachments = new Map<string, { url: string; parent: string }>();
  const notes: ImportNote[] = [];
  const skippedTypes = new Map<string, number>();
  const thumbnails = new Map<ImportPost, string>();
  const parents = new Map<string, string>(); // category nicename → parent nicename (resolved at the end)

  const stack: string[] = [];
  let buf = '';
  let rootSeen = false;
  let item: RawItem | null = null;
  let itemCount = 0;
  let comment: Record<string, string> | null = null;
  let meta: Record<string, string> | null = null;
  let term: Record<string, string> | null = null;
  let itemCategory: Record<string, string> | null = null;

  const addCategory = (nicename: string, name: string) => {
    const key = percentDecode(nicename) || slugify(name);
    if (!categories.has(key)) categories.set(key, { key, name: name || key, slug: slugify(key) || key });
    return key;
  };
  const addTag = (nicename: string, name: string) => {
    const key = percentDecode(nicename) || slugify(name);
    if (!tags.has(key)) tags.set(key, { key, name: name || key, slug: slugify(key) || key });
    return key;
  };

  const finishTerm = (kind: string, t: Record<string, string>) => {
    if (kind === 'wp:author') {
      const login = t['wp:author_login']?.trim();
      if (!login) return;
      const email = t['wp:author_email']?.trim();
      authors.set(login, {
        key: login, login, name: t['wp:author_display_name']?.trim() || login, ...(email ? { email } : {}),
      });
    } else if (kind === 'wp:category') {
      const key = addCategory(t['wp:category_nicename'] ?? '', t['wp:cat_name']?.trim() ?? '');
      const c = categories.get(key)!;
      c.name = t['wp:cat_name']?.trim() || c.name;
      const description = t['wp:category_description']?.trim();
      if (description) c.description = description;
      const parent = percentDecode(t['wp:category_parent']?.trim() ?? '');
      if (parent) parents.set(key, parent);
    } else {
      const key = addTag(t['wp:tag_slug'] ?? '', t['wp:tag_name']?.trim() ?? '');
      tags.get(key)!.name = t['wp:tag_name']?.trim() || tags.get(key)!.name;
    }
  };

  const finishItem = (raw: RawItem) => {
    const f = raw.fields;
    const type = f['wp:post_type'] || 'post';
    const id = (f['wp:post_id'] ?? '').trim();
    const title = (f.title ?? '').trim();
    const where = `item ${raw.index} (post_id ${id || '?'}) "${title}"`;
    if (type === 'attachment') {
      const url = (f['wp:attachment_url'] || f.guid || '').trim();
      if (url) attachments.set(id, { url, parent: (f['wp:post_parent'] ?? '0').trim() });
      return;
    }
    if (type === 'page' && !options.pagesAsPosts) {
      notes.push({ where, kind: 'skipped', message: 'page skipped (pages are imported as posts only when asked)' });
      return;
    }
    if (type !== 'post' && type !== 'page') {
      skippedTypes.set(type, (skippedTypes.get(type) ?? 0) + 1);
      return;
    }
    if (!id) throw new ImportFormatError(where, 'item without <wp:post_id>');
    const wpStatus = (f['wp:status'] ?? '').trim();
    let status = STATUS[wpStatus];
    if (!status) {
      if (wpStatus === 'trash') notes.push({ where, kind: 'skipped', message: 'in the trash: skipped' });
      else skippedTypes.set(`${type} (status ${wpStatus || 'none'})`, (skippedTypes.get(`${type} (status ${wpStatus || 'none'})`) ?? 0) + 1);
      return;
    }
    if (wpStatus === 'private') notes.push({ where, kind: 'converted', message: 'private post imported as a draft' });
    if ((f['wp:post_password'] ?? '').trim() && status !== 'draft') {
      status = 'draft';
      notes.push({ where, kind: 'converted', message: 'password-protected post imported as a draft (passwords are not carried over)' });
    }
    let publishedAt = wallClockToDate(f['wp:post_date_gmt'] ?? '', 'UTC');
    if (!publishedAt && status !== 'draft') publishedAt = wallClockToDate(f['wp:post_date'] ?? '', timeZone);
    if (!publishedAt && status !== 'draft') {
      throw new ImportFormatError(where, `no usable date (wp:post_date "${f['wp:post_date'] ?? ''}")`);
    }
    const modifiedAt = wallClockToDate(f['wp:post_modified_gmt'] ?? '', 'UTC')
      ?? wallClockToDate(f['wp:post_modified'] ?? '', timeZone);

    const bodyNotes: string[] = [];
    const converted = htmlToMarkdown(convertShortcodes(f['content:encoded'] ?? '', bodyNotes), { autop: true });
    for (const n of [...new Set([...bodyNotes, ...converted.notes])]) {
      notes.push({ where, kind: n.startsWith('dropped') ? 'dropped' : 'converted', message: n });
    }
    const excerpt = (f['excerpt:encoded'] ?? '').trim() ? htmlToMarkdown(f['excerpt:encoded']!, { autop: true }).markdown : '';

    let categoryKey: string | undefined;
    const tagKeys: string[] = [];
    for (const c of raw.categories) {
      if (c.domain === 'category') {
        const key = addCategory(c.nicename, c.name);
        if (!categoryKey) categoryKey = key;
        else {
          const tagKey = addTag(c.nicename, c.name);
          if (!tagKeys.includes(tagKey)) tagKeys.push(tagKey);
          notes.push({ where, kind: 'converted', message: `extra category "${c.name}" imported as a tag (a post has one category)` });
        }
      } else if (c.domain === 'post_tag') {
        const key = addTag(c.nicename, c.name);
        if (!tagKeys.includes(key)) tagKeys.push(key);
      }
    }

    const login = (f['dc:creator'] ?? '').trim();
    if (login && !authors.has(login)) authors.set(login, { key: login, login, name: login });

    const paths = new Set<string>([type === 'page' ? `/?page_id=${id}` : `/?p=${id}`]);
    const linkPath = legacyPath((f.link ?? '').trim());
    if (linkPath) paths.add(linkPath);

    const comments: ImportComment[] = [];
    let pings = 0;
    for (const c of raw.comments) {
      const cid = (c['wp:comment_id'] ?? '').trim();
      const ctype = (c['wp:comment_type'] ?? '').trim();
      if (ctype === 'pingback' || ctype === 'trackback') { pings++; continue; }
      const approved = (c['wp:comment_approved'] ?? '').trim();
      const cstatus = approved === '1' ? 'approved' : approved === '0' ? 'pending' : approved === 'spam' ? 'spam' : null;
      if (!cstatus || !cid) continue; // trash, post-trashed
      const createdAt = wallClockToDate(c['wp:comment_date_gmt'] ?? '', 'UTC') ?? wallClockToDate(c['wp:comment_date'] ?? '', timeZone);
      if (!createdAt) throw new ImportFormatError(`${where} comment ${cid}`, 'no usable date');
      const parent = (c['wp:comment_parent'] ?? '0').trim();
      const email = c['wp:comment_author_email']?.trim();
      const url = c['wp:comment_author_url']?.trim();
      comments.push({
        key: cid,
        ...(parent && parent !== '0' ? { parentKey: parent } : {}),
        authorName: c['wp:comment_author']?.trim() || 'Anonymous',
        ...(email ? { authorEmail: email } : {}),
        ...(url && /^https?:\/\//i.test(url) ? { authorUrl: url } : {}),
        body: htmlToMarkdown(c['wp:comment_content'] ?? '', { autop: true }).markdown,
        createdAt,
        status: cstatus,
      });
    }
    if (pings) notes.push({ where, kind: 'skipped', message: `${pings} pingback/trackback(s) skipped` });

    const post: ImportPost = {
      key: id,
      title,
      slug: percentDecode((f['wp:post_name'] ?? '').trim()) || slugify(title) || `post-${id}`,
      status,
      publishedAt: publishedAt ?? null,
      ...(modifiedAt ? { modifiedAt } : {}),
      ...(login ? { authorKey: login } : {}),
      ...(categoryKey ? { categoryKey } : {}),
      tagKeys,
      excerpt,
      body: converted.markdown,
      format: 'markdown',
      legacyPaths: [...paths],
      comments,
    };
    const thumb = raw.meta.find((m) => m['wp:meta_key'] === '_thumbnail_id')?.['wp:meta_value']?.trim();
    if (thumb) thumbnails.set(post, thumb);
    posts.push(post);
  };

  await parseXml(input, {
    open(name, attributes) {
      const parent = stack[stack.length - 1];
      if (!rootSeen) {
        rootSeen = true;
        if (name !== 'rss') throw new ImportFormatError('line 1', `not a WordPress export: the root element is <${name}>, not <rss>`);
      }
      stack.push(name);
      buf = '';
      if (name === 'item' && parent === 'channel') {
        itemCount++;
        item = { index: itemCount, fields: {}, categories: [], meta: [], comments: [] };
      } else if (item && name === 'wp:comment' && parent === 'item') comment = {};
      else if (item && name === 'wp:postmeta' && parent === 'item') meta = {};
      else if (item && name === 'category' && parent === 'item') itemCategory = attributes;
      else if (parent === 'channel' && ITEM_TERMS.has(name)) term = {};
    },
    text(text) {
      buf += text;
    },
    close(name) {
      const value = buf;
      buf = '';
      stack.pop();
      const parent = stack[stack.length - 1];
      if (item) {
        if (name === 'item' && parent === 'channel') {
          finishItem(item);
          item = null;
        } else if (comment) {
          if (name === 'wp:comment' && parent === 'item') {
            item.comments.push(comment);
            comment = null;
          } else if (parent === 'wp:comment') comment[name] = value;
        } else if (meta) {
          if (name === 'wp:postmeta') {
            item.meta.push(meta);
            meta = null;
          } else meta[name] = value;
        } else if (name === 'category' && parent === 'item' && itemCategory) {
          item.categories.push({ domain: itemCategory.domain ?? '', nicename: itemCategory.nicename ?? '', name: value.trim() });
          itemCategory = null;
        } else if (parent === 'item') item.fields[name] = value;
      } else if (term) {
        if (parent === 'channel' && ITEM_TERMS.has(name)) {
          finishTerm(name, term);
          term = null;
        } else term[name] = value;
      } else if (parent === 'channel') channel[name] = value.trim();
    },
  }, options.label);

  if (!channel['wp:wxr_version']) {
    throw new ImportFormatError(options.label ?? 'export', 'not a WordPress WXR export: no <wp:wxr_version> in the channel');
  }
  for (const [key, parent] of parents) {
    if (categories.has(parent) && parent !== key) categories.get(key)!.parentKey = parent;
    else notes.push({ where: `category "${key}"`, kind: 'warning', message: `parent "${parent}" is not in the export: imported at the top level` });
  }
  for (const [type, count] of skippedTypes) notes.push({ where: 'export', kind: 'skipped', message: `${count} item(s) of type ${type} skipped` });

  // Which posts use which attachment: the parent WordPress recorded, and every image address in a body (WordPress's
  // resized copies, name-300x200.jpg, count as the original).
  const postsById = new Map(posts.map((p) => [p.key, p]));
  const usedBy = new Map<string, Set<string>>();
  for (const post of posts) {
    for (const m of post.body.matchAll(/\]\((\S+?)(?:\s+"[^"]*")?\)/g)) {
      const key = sizeVariantKey(m[1]!);
      if (!usedBy.has(key)) usedBy.set(key, new Set());
      usedBy.get(key)!.add(post.key);
    }
  }
  const attachmentList: ImportAttachment[] = [];
  for (const [, a] of attachments) {
    const users = new Set(usedBy.get(sizeVariantKey(a.url)) ?? []);
    if (a.parent !== '0' && postsById.has(a.parent)) users.add(a.parent);
    attachmentList.push({ url: a.url, usedBy: [...users] });
  }
  const byUrl = new Map(attachmentList.map((a) => [a.url, a]));
  for (const [post, id] of thumbnails) {
    const a = attachments.get(id);
    if (a) {
      post.coverImage = a.url;
      const entry = byUrl.get(a.url);
      if (entry && !entry.usedBy.includes(post.key)) entry.usedBy.push(post.key);
    }
  }

  const site = (channel.link || channel['wp:base_blog_url'] || '').trim().replace(/\/+$/, '');
  return {
    source: 'wordpress',
    site,
    authors: [...authors.values()],
    categories: [...categories.values()],
    tags: [...tags.values()],
    posts,
    attachments: attachmentList,
    notes,
  };
}
