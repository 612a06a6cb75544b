// Ghost JSON export (Ghost 5: {db: [{meta, data: {posts, tags, users, posts_tags, posts_authors, posts_meta}}]}, and
// the older single {meta, data} form) → ImportBundle. The body comes from `html` when the export has it, otherwise
// from the `lexical` (Ghost 5) or `mobiledoc` (Ghost 1–4) editor state, rendered here to HTML and then to Markdown
// (Markdown cards are carried verbatim). Pure: reads text, touches no database.
//
// Tags: Ghost has no categories. The post's primary tag (its first public tag) becomes its category; all its public
// tags, the primary one included, become its tags. Internal tags (#name) are skipped with a note.
import {
  ImportFormatError, type ImportAuthor, type ImportBundle, type ImportCategory, type ImportNote, type ImportPost, type ImportTag,
} from './bundle';
import { htmlToMarkdown } from './html-to-markdown';
import { slugify } from './util';

export interface GhostOptions {
  /** The Ghost site's address (https://blog.example.com): replaces __GHOST_URL__ and keys the import. */
  siteUrl?: string;
  /** Import pages (type 'page') as posts instead of skipping them. */
  pagesAsPosts?: boolean;
  /** Names the input in errors ('export.json'). */
  label?: string;
}

type Obj = Record<string, unknown>;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Where JSON.parse gave up, when its message does not say: a small scanner that finds the first bad offset. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const str = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') { i += 2; continue; }
      if (c === '"') { i++; return true; }
      if (c < ' ') return false;
      i++;
    }
    return false;
  };
  const value = (): boolean => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return true; }
      for (;;) {
        ws();
        if (text[i] !== '"' || !str()) return false;
        ws();
        if (text[i] !== ':') return false;
        i++;
        if (!value()) return false;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return true; }
        return false;
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return true; }
      for (;;) {
        if (!value()) return false;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return true; }
        return false;
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (m) { i += m[0].length; return true; }
    return false;
  };
  try {
    if (!value()) return i;
    ws();
    return i < text.length ? i : -1;
  } catch {
    return -1;
  }
}

/** JSON.parse with an ImportFormatError naming line and column. */
export function parseJsonOrThrow(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const reported = /position (\d+)/.exec(message);
    const offset = reported ? Number(reported[1]) : jsonErrorOffset(text);
    if (offset < 0) throw new ImportFormatError(label, `not valid JSON (${message.split('\n')[0]})`);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const reason = /Unexpected end/.test(message) || offset >= text.length ? 'the JSON ends too early' : 'not valid JSON';
    throw new ImportFormatError(`${label} line ${line}, column ${column}`, reason);
  }
}

function ghostDate(value: unknown, where: string): Date | null {
  if (value === null || value === undefined || value === '') return null;
  let d: Date;
  if (typeof value === 'number') d = new Date(value);
  else if (typeof value === 'string') {
    const t = value.trim();
    d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(t) ? `${t.replace(' ', 'T')}Z` : t); // naive = UTC
  } else d = new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new ImportFormatError(where, `not a date: ${JSON.stringify(value).slice(0, 60)}`);
  return d;
}

// ---- Lexical (Ghost 5) → HTML ----

interface RenderState { raw: string[]; notes: string[] }

function rawBlock(state: RenderState, markdown: string): string {
  state.raw.push(markdown);
  return `<div data-mf-raw="${state.raw.length - 1}"></div>`;
}

function lexicalText(node: Obj): string {
  let html = escapeHtml(s(node.text));
  const format = typeof node.format === 'number' ? node.format : 0;
  if (format & 16) html = `<code>${html}</code>`;
  if (format & 1) html = `<strong>${html}</strong>`;
  if (format & 2) html = `<em>${html}</em>`;
  if (format & 4) html = `<del>${html}</del>`;
  return html;
}

function lexicalChildren(node: Obj, state: RenderState): string {
  return Array.isArray(node.children) ? node.children.map((c) => (isObj(c) ? lexicalNode(c, state) : '')).join('') : '';
}

function lexicalNode(node: Obj, state: RenderState): string {
  const kids = () => lexicalChildren(node, state);
  switch (node.type) {
    case 'root': return kids();
    case 'paragraph': return `<p>${kids()}</p>\n`;
    case 'heading': case 'extended-heading': {
      const tag = /^h[1-6]$/.test(s(node.tag)) ? s(node.tag) : 'h2';
      return `<${tag}>${kids()}</${tag}>\n`;
    }
    case 'quote': case 'aside': return `<blockquote>${kids()}</blockquote>\n`;
    case 'list': {
      const tag = node.listType === 'number' || node.tag === 'ol' ? 'ol' : 'ul';
      return `<${tag}>${kids()}</${tag}>\n`;
    }
    case 'listitem': return `<li>${kids()}</li>`;
    case 'text': case 'extended-text': return lexicalText(node);
    case 'tab': return '\t';
    case 'linebreak': return '<br>';
    case 'link': case 'autolink': return `<a href="${escapeHtml(s(node.url))}">${kids()}</a>`;
    case 'horizontalrule': return '<hr>\n';
    case 'codeblock': {
      const lang = s(node.language).replace(/[^\w+#.-]/g, '');
      return `<pre><code${lang ? ` class="language-${lang}"` : ''}>${escapeHtml(s(node.code))}</code></pre>\n`;
    }
    case 'image': {
      const img = `<img src="${escapeHtml(s(node.src))}" alt="${escapeHtml(s(node.alt))}">`;
      return `<figure>${img}${s(node.caption) ? `<figcaption>${s(node.caption)}</figcaption>` : ''}</figure>\n`;
    }
    case 'gallery':
      return (Array.isArray(node.images) ? node.images : []).filter(isObj)
        .map((im) => `<p><img src="${escapeHtml(s(im.src))}" alt="${escapeHtml(s(im.alt))}"></p>\n`).join('');
    case 'markdown': return rawBlock(state, s(node.markdown));
    case 'html': return `<div>${s(node.html)}</div>\n`;
    case 'embed': case 'bookmark': case 'video': case 'audio': case 'file': {
      const url = s(node.url) || s(node.src);
      if (!url) { state.notes.push(`dropped ${s(node.type)} card`); return ''; }
      state.notes.push(`${s(node.type)} card → link ${url}`);
      return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>\n`;
    }
    case 'button': {
      const url = s(node.buttonUrl);
      return url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(s(node.buttonText) || url)}</a></p>\n` : '';
    }
    case 'callout': return `<blockquote>${s(node.calloutEmoji)} ${s(node.calloutText)}</blockquote>\n`;
    case 'toggle': return `<p><strong>${s(node.heading)}</strong></p>\n<div>${s(node.content)}</div>\n`;
    case 'paywall':
      state.notes.push('paywall card → <!-- more -->');
      return '<!--more-->\n';
    default:
      state.notes.push(`dropped ${s(node.type) || 'unknown'} card`);
      return '';
  }
}

// ---- Mobiledoc (Ghost 1–4) → HTML ----

function mobiledocCard(name: string, payload: Obj, state: RenderState): string {
  switch (name.replace(/^card-/, '')) {
    case 'markdown': return rawBlock(state, s(payload.markdown));
    case 'html': return `<div>${s(payload.html)}</div>\n`;
    case 'code': {
      const lang = s(payload.language).replace(/[^\w+#.-]/g, '');
      return `<pre><code${lang ? ` class="language-${lang}"` : ''}>${escapeHtml(s(payload.code))}</code></pre>\n`;
    }
    case 'image':
      return `<figure><img src="${escapeHtml(s(payload.src))}" alt="${escapeHtml(s(payload.alt))}">${s(payload.caption) ? `<figcaption>${s(payload.caption)}</figcaption>` : ''}</figure>\n`;
    case 'hr': return '<hr>\n';
    default: return lexicalNode({ ...payload, type: name }, state);
  }
}

function mobiledocToHtml(doc: Obj, state: RenderState): string {
  const markups = Array.isArray(doc.markups) ? doc.markups : [];
  const atoms = Array.isArray(doc.atoms) ? doc.atoms : [];
  const cards = Array.isArray(doc.cards) ? doc.cards : [];
  const markers = (list: unknown): string => {
    if (!Array.isArray(list)) return '';
    let html = '';
    const open: string[] = [];
    for (const m of list) {
      if (!Array.isArray(m)) continue;
      const [kind, opens, closed, value] = m as [number, number[], number, unknown];
      for (const index of Array.isArray(opens) ? opens : []) {
        const markup = markups[index];
        if (!Array.isArray(markup)) continue;
        const tag = s(markup[0]).toLowerCase();
        if (!/^(a|strong|b|em|i|code|s|del|sub|sup|u)$/.test(tag)) { open.push(''); continue; }
        const attrs = Array.isArray(markup[1]) ? markup[1] : [];
        const href = tag === 'a' ? s(attrs[attrs.indexOf('href') + 1]) : '';
        html += tag === 'a' ? `<a href="${escapeHtml(href)}">` : `<${tag}>`;
        open.push(tag);
      }
      if (kind === 0) html += escapeHtml(s(value));
      else if (kind === 1) {
        const atom = atoms[typeof value === 'number' ? value : -1];
        if (Array.isArray(atom) && atom[0] === 'soft-return') html += '<br>';
        else if (Array.isArray(atom)) html += escapeHtml(s(atom[1]));
      }
      for (let k = 0; k < (typeof closed === 'number' ? closed : 0); k++) {
        const tag = open.pop();
        if (tag) html += `</${tag}>`;
      }
    }
    while (open.length) { const tag = open.pop(); if (tag) html += `</${tag}>`; }
    return html;
  };
  let html = '';
  for (const section of Array.isArray(doc.sections) ? doc.sections : []) {
    if (!Array.isArray(section)) continue;
    const [type] = section as [number];
    if (type === 1) {
      const tag = s(section[1]).toLowerCase();
      const safe = /^(p|h[1-6]|blockquote|aside|pull-quote)$/.test(tag) ? (tag === 'aside' || tag === 'pull-quote' ? 'blockquote' : tag) : 'p';
      html += `<${safe}>${markers(section[2])}</${safe}>\n`;
    } else if (type === 2) html += `<p><img src="${escapeHtml(s(section[1]))}" alt=""></p>\n`;
    else if (type === 3) {
      const tag = section[1] === 'ol' ? 'ol' : 'ul';
      const items = Array.isArray(section[2]) ? section[2] : [];
      html += `<${tag}>${items.map((it) => `<li>${markers(it)}</li>`).join('')}</${tag}>\n`;
    } else if (type === 10) {
      const card = cards[typeof section[1] === 'number' ? section[1] : -1];
      if (Array.isArray(card)) html += mobiledocCard(s(card[0]), isObj(card[1]) ? card[1] : {}, state);
    }
  }
  return html;
}

function parseEditorState(value: unknown, where: string, field: string): Obj | null {
  if (value === null || value === undefined || value === '') return null;
  if (isObj(value)) return value;
  if (typeof value !== 'string') throw new ImportFormatError(`${where} ${field}`, 'not a JSON string');
  try {
    const parsed: unknown = JSON.parse(value);
    if (!isObj(parsed)) throw new Error('not an object');
    return parsed;
  } catch {
    throw new ImportFormatError(`${where} ${field}`, 'not valid JSON');
  }
}

function arrayField(data: Obj, name: string, where: string, required = false): Obj[] {
  const value = data[name];
  if (value === undefined && !required) return [];
  if (!Array.isArray(value)) throw new ImportFormatError(`${where}.${name}`, required ? 'missing or not a list' : 'not a list');
  value.forEach((v, i) => { if (!isObj(v)) throw new ImportFormatError(`${where}.${name}[${i}]`, 'not an object'); });
  return value as Obj[];
}

/** Parses a Ghost JSON export (its text) into an ImportBundle. */
export function parseGhost(text: string, options: GhostOptions = {}): ImportBundle {
  const label = options.label ?? 'export';
  const root = parseJsonOrThrow(text.replace(/^\uFEFF/, ''), label);
  let data: unknown;
  let base: string;
  if (isObj(root) && Array.isArray(root.db)) {
    if (!isObj(root.db[0])) throw new ImportFormatError(`${label} db[0]`, 'missing or not an object');
    data = root.db[0].data;
    base = `${label} db[0].data`;
  } else if (isObj(root) && isObj(root.data)) {
    data = root.data;
    base = `${label} data`;
  } else {
    throw new ImportFormatError(label, 'not a Ghost export: expected {"db": [{"meta", "data"}]} or {"meta", "data"}');
  }
  if (!isObj(data)) throw new ImportFormatError(base, 'missing or not an object');

  const site = (options.siteUrl ?? '').trim().replace(/\/+$/, '');
  const ghostUrl = (value: string) => value.replaceAll('__GHOST_URL__', site);
  const notes: ImportNote[] = [];

  const users = arrayField(data, 'users', base);
  const tagsRaw = arrayField(data, 'tags', base);
  const postsRaw = arrayField(data, 'posts', base, true);
  const postsTags = arrayField(data, 'posts_tags', base);
  const postsAuthors = arrayField(data, 'posts_authors', base);
  const postsMeta = arrayField(data, 'posts_meta', base);

  const authors: ImportAuthor[] = users.map((u, i) => {
    const key = s(u.id);
    if (!key) throw new ImportFormatError(`${base}.users[${i}].id`, 'missing');
    const email = s(u.email).trim();
    return { key, login: s(u.slug) || slugify(s(u.name)) || `user-${key}`, name: s(u.name) || s(u.slug) || key, ...(email ? { email } : {}) };
  });
  const tagById = new Map<string, ImportTag>();
  tagsRaw.forEach((t, i) => {
    const key = s(t.id);
    if (!key) throw new ImportFormatError(`${base}.tags[${i}].id`, 'missing');
    const name = s(t.name);
    if (t.visibility === 'internal' || name.startsWith('#')) {
      notes.push({ where: `tag "${name}"`, kind: 'skipped', message: 'internal tag skipped' });
      return;
    }
    tagById.set(key, { key, name: name || key, slug: s(t.slug) || slugify(name) || key });
  });
  const sortOrder = (o: Obj) => (typeof o.sort_order === 'number' ? o.sort_order : 0);
  const tagsOf = new Map<string, Obj[]>();
  for (const pt of postsTags) {
    const list = tagsOf.get(s(pt.post_id)) ?? [];
    list.push(pt);
    tagsOf.set(s(pt.post_id), list);
  }
  const authorOf = new Map<string, string>();
  for (const pa of [...postsAuthors].sort((a, b) => sortOrder(a) - sortOrder(b))) {
    if (!authorOf.has(s(pa.post_id))) authorOf.set(s(pa.post_id), s(pa.author_id));
  }
  const metaOf = new Map(postsMeta.map((m) => [s(m.post_id), m]));
  const categories = new Map<string, ImportCategory>();
  const posts: ImportPost[] = [];
  const authorKeys = new Set(authors.map((a) => a.key));
  const images = new Map<string, Set<string>>(); // the site's own images (content/images) → posts using them

  postsRaw.forEach((p, i) => {
    const at = `${base}.posts[${i}]`;
    const id = s(p.id);
    const title = s(p.title);
    if (!id) throw new ImportFormatError(`${at}.id`, 'missing');
    const where = `post ${i + 1} (id ${id}) "${title}"`;
    const isPage = p.type === 'page' || p.page === true || p.page === 1;
    if (isPage && !options.pagesAsPosts) {
      notes.push({ where, kind: 'skipped', message: 'page skipped (pages are imported as posts only when asked)' });
      return;
    }
    const ghostStatus = s(p.status);
    let status: ImportPost['status'];
    if (ghostStatus === 'published') status = 'published';
    else if (ghostStatus === 'scheduled') status = 'scheduled';
    else if (ghostStatus === 'draft') status = 'draft';
    else if (ghostStatus === 'sent') {
      status = 'draft';
      notes.push({ where, kind: 'converted', message: 'email-only (sent) post imported as a draft' });
    } else throw new ImportFormatError(`${at}.status`, `unknown status ${JSON.stringify(p.status)}`);
    if (p.visibility && p.visibility !== 'public' && status !== 'draft') {
      status = 'draft';
      notes.push({ where, kind: 'converted', message: `${s(p.visibility)}-only post imported as a draft (Ghost members are not carried over)` });
    }
    let publishedAt = ghostDate(p.published_at, `${at}.published_at`);
    if (status === 'draft' && ghostStatus === 'draft') publishedAt = null;
    if (status !== 'draft' && !publishedAt) throw new ImportFormatError(`${at}.published_at`, 'missing for a published or scheduled post');
    const modifiedAt = ghostDate(p.updated_at, `${at}.updated_at`);

    const state: RenderState = { raw: [], notes: [] };
    let html = s(p.html);
    if (!html.trim()) {
      const lexical = parseEditorState(p.lexical, at, 'lexical');
      const mobiledoc = lexical ? null : parseEditorState(p.mobiledoc, at, 'mobiledoc');
      if (lexical) html = lexicalNode(isObj(lexical.root) ? lexical.root : { type: 'root', children: [] }, state);
      else if (mobiledoc) html = mobiledocToHtml(mobiledoc, state);
    }
    const converted = htmlToMarkdown(ghostUrl(html), { raw: state.raw.map(ghostUrl) });
    for (const n of [...new Set([...state.notes, ...converted.notes])]) {
      notes.push({ where, kind: n.startsWith('dropped') ? 'dropped' : 'converted', message: n });
    }

    const publicTags = [...(tagsOf.get(id) ?? [])].sort((a, b) => sortOrder(a) - sortOrder(b))
      .map((pt) => tagById.get(s(pt.tag_id))).filter((t): t is ImportTag => !!t);
    const primary = publicTags[0];
    if (primary && !categories.has(primary.key)) categories.set(primary.key, { key: primary.key, name: primary.name, slug: primary.slug });
    const authorKey = authorOf.get(id) || s(p.author_id) || s(p.created_by);
    const meta = metaOf.get(id);
    const feature = s(p.feature_image) || s(meta?.feature_image);
    const slug = s(p.slug) || slugify(title) || `post-${id}`;
    const cover = feature ? ghostUrl(feature) : '';
    for (const url of [cover, ...[...converted.markdown.matchAll(/\]\((\S+?)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!)]) {
      if (!url || !/(^|\/)content\/images\//.test(url)) continue;
      if (!images.has(url)) images.set(url, new Set());
      images.get(url)!.add(id);
    }
    posts.push({
      key: id,
      title,
      slug,
      status,
      publishedAt,
      ...(modifiedAt ? { modifiedAt } : {}),
      ...(authorKey && authorKeys.has(authorKey) ? { authorKey } : {}),
      ...(primary ? { categoryKey: primary.key } : {}),
      tagKeys: publicTags.map((t) => t.key),
      excerpt: s(p.custom_excerpt).trim(),
      body: converted.markdown,
      format: 'markdown',
      legacyPaths: [`/${slug}/`],
      ...(cover ? { coverImage: cover } : {}),
      comments: [],
    });
  });
  if (!site) notes.push({ where: 'export', kind: 'warning', message: 'no site address given: __GHOST_URL__ images kept as /content/images/… paths' });

  return {
    source: 'ghost',
    site,
    authors,
    categories: [...categories.values()],
    tags: [...tagById.values()],
    posts,
    attachments: [...images].map(([url, users]) => ({ url, usedBy: [...users] })),
    notes,
  };
}
