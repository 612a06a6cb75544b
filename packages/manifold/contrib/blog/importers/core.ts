// The import core every importer shares (issue 12): an ImportBundle (bundle.ts, made by a parser from a hostile export)
// → validation of the whole bundle → a plan against the database → ONE transaction → compile → report. A refusal is an
// ImportFormatError naming where (and nothing is written); a post that does not compile is imported with its error and
// stays invisible to readers. Idempotent through ImportedItem: an item whose checksum is the same is left untouched; one
// that changed in the export is updated, unless its post was edited here since (its version moved on): then skipped.
import crypto from 'node:crypto';
import type { Db } from '../../../lib/db';
import type { CompiledPost } from '../../../lib/mdx/compile';
import { MdxCompileError } from '../../../lib/mdx/compile';
import { slugify } from '../../admin/core/slug';
import { SLUG_PATTERN } from '../content';
import { LegacyPathError, normaliseLegacyPath } from '../legacy-paths';
import { POST_STATUSES } from '../visibility';
import { ImportFormatError, type ImportAttachment, type ImportBundle, type ImportComment, type ImportNote, type ImportPost } from './bundle';
import commentWriters from '@site/.manifold/provides/blog.import-comments.mjs';

export type ImportModel = 'category' | 'tag' | 'user' | 'post' | 'legacyPath' | 'comment';
export type ImportAction = 'create' | 'update' | 'unchanged' | 'skip';
export const IMPORT_MODELS: readonly ImportModel[] = ['category', 'tag', 'user', 'post', 'legacyPath', 'comment'];

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface ImportItemLine {
  model: ImportModel;
  /** The export's key, or the legacy path. */
  key: string;
  /** What a person recognises: a slug, an email, a path. */
  label: string;
  action: ImportAction;
  /** Why (skipped: 'edited here since import'; unchanged: 'existing category reused'). */
  note?: string;
}

export interface ImportReport {
  source: ImportBundle['source'];
  dryRun: boolean;
  counts: Record<ImportModel, ImportCounts>;
  items: ImportItemLine[];
  /** The parser's notes (what it skipped, dropped or converted), then the core's. */
  notes: ImportNote[];
  /** Posts whose body did not compile: imported with the error, invisible to readers until fixed. */
  failed: { slug: string; error: string }[];
  attachments: ImportAttachment[];
  /** Slugs of the posts created or updated (for the running server's cache). */
  changedSlugs: string[];
  /** Why comments were not imported, when they were not (no app takes them). */
  commentsSkipped: string | null;
  ms: { plan: number; write: number; compile: number };
}

/** Compiles one body in its format (the blog's compile path; a test or the bench may hand the pool's). */
export type CompileBody = (source: string, format: 'markdown' | 'mdx') => Promise<CompiledPost>;

export interface ImportOptions {
  dryRun?: boolean;
  /** Called as the phases advance: ('write', done, total), ('compile', done, total). */
  onProgress?: (phase: 'write' | 'compile', done: number, total: number) => void;
  compile?: CompileBody;
  /** Bodies compiled at once (useful with a worker pool); default 1. */
  concurrency?: number;
  /** How long the one transaction may run (ms); default 10 minutes (a 10,000-post export). */
  transactionTimeoutMs?: number;
}

/** What the comments app provides under "blog.import-comments" (contrib/comments/import-comments.mjs). */
export interface CommentImportWriter {
  label: string;
  /** Creates a comment; a reply to a reply joins its top-level parent's thread. Returns the new row's id. */
  create(tx: unknown, data: ImportedCommentData): Promise<number>;
  /** Rewrites an imported comment (its text or status changed in the export); false when the row is gone. */
  update(tx: unknown, id: number, data: ImportedCommentData): Promise<boolean>;
}
export interface ImportedCommentData {
  postId: number;
  parentId: number | null;
  name: string;
  email: string;
  body: string;
  status: ImportComment['status'];
  createdAt: Date;
}

/** The one place the blog's compile path is called, so its signature change (format) is one line here. */
async function defaultCompile(source: string, format: 'markdown' | 'mdx'): Promise<CompiledPost> {
  const { compilePostSource } = await import('../posts');
  return compilePostSource(source, format);
}

const sha = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
/** A post's ImportedItem checksum also carries the post's version as the import left it ("<sha>:v<version>"). */
const stamp = (hash: string, version: number) => `${hash}:v${version}`;
const unstamp = (checksum: string) => {
  const m = /^([0-9a-f]{64}):v(\d+)$/.exec(checksum);
  return m ? { hash: m[1], version: Number(m[2]) } : { hash: checksum, version: null };
};
const empty = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, skipped: 0 });
const COUNT_OF: Record<ImportAction, keyof ImportCounts> = { create: 'created', update: 'updated', unchanged: 'unchanged', skip: 'skipped' };
const isDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
const cut = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);
const CHUNK = 400;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A slug as given when valid, else made from it (or from the fallback, a title); refused when nothing usable is left. */
function cleanSlug(where: string, slug: string, fallback: string): string {
  const given = (slug ?? '').normalize('NFC').trim();
  if (given && SLUG_PATTERN.test(given)) return given;
  let decoded = given;
  try {
    decoded = decodeURIComponent(given);
  } catch {
    /* kept as given */
  }
  for (const candidate of [decoded, fallback]) {
    const made = slugify(candidate ?? '').replace(/[^\p{L}\p{N}_-]/gu, '').replace(/[-_]{2,}/g, '-').replace(/^[-_]+|[-_]+$/g, '');
    if (made && SLUG_PATTERN.test(made) && made.length <= 200) return made;
  }
  throw new ImportFormatError(where, `slug ${JSON.stringify(cut(given))} is not usable and none can be made from ${JSON.stringify(cut(fallback ?? ''))}`);
}

interface Checked {
  bundle: ImportBundle;
  categories: (ImportBundle['categories'][number] & { slug: string })[];
  tags: ImportBundle['tags'][number][];
  posts: (ImportPost & { where: string; paths: string[] })[];
  /** What validation dropped or converted (the core's own notes). */
  notes: ImportNote[];
}

const postWhere = (p: ImportPost, i: number) => `post ${i + 1} (key ${JSON.stringify(cut(String(p?.key ?? ''), 40))}${p?.title ? ` "${cut(String(p.title), 40)}"` : ''})`;

/** Validates the whole bundle before anything is read or written; throws an ImportFormatError naming where. */
export function checkBundle(bundle: ImportBundle): Checked {
  if (!bundle || typeof bundle !== 'object') throw new ImportFormatError('bundle', 'not an import bundle');
  for (const list of ['authors', 'categories', 'tags', 'posts', 'attachments', 'notes'] as const) {
    if (!Array.isArray(bundle[list])) throw new ImportFormatError('bundle', `${list} is not a list`);
  }
  const site = String(bundle.site ?? '');
  if (site.length > 300) throw new ImportFormatError('bundle', 'the site address is longer than 300 characters');
  const unique = <T extends { key: string }>(kind: string, list: T[]) => {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      if (typeof item?.key !== 'string' || !item.key || item.key.length > 300) throw new ImportFormatError(`${kind} ${i + 1}`, 'key is missing or longer than 300 characters');
      const before = seen.get(item.key);
      if (before !== undefined) throw new ImportFormatError(`${kind} ${i + 1}`, `key ${JSON.stringify(item.key)} is also ${kind} ${before + 1}'s`);
      seen.set(item.key, i);
    });
    return seen;
  };
  const authorKeys = unique('author', bundle.authors);
  const categoryKeys = unique('category', bundle.categories);
  const tagKeys = unique('tag', bundle.tags);
  unique('post', bundle.posts);

  bundle.authors.forEach((a, i) => {
    const where = `author ${i + 1} (key ${JSON.stringify(cut(a.key, 40))})`;
    if (typeof a.login !== 'string' || !a.login.trim() || a.login.length > 150) throw new ImportFormatError(where, 'login is missing or longer than 150 characters');
    if (typeof a.name !== 'string' || a.name.length > 200) throw new ImportFormatError(where, 'name is not text of at most 200 characters');
    if (a.email !== undefined && (typeof a.email !== 'string' || a.email.length > 254 || (a.email && !/^[^\s@]+@[^\s@]+$/.test(a.email)))) {
      throw new ImportFormatError(where, `email ${JSON.stringify(cut(String(a.email)))} is not an email address`);
    }
  });

  const slugOwners = () => {
    const owners = new Map<string, string>();
    return (slug: string, where: string) => {
      const other = owners.get(slug);
      if (other) throw new ImportFormatError(where, `slug "${slug}" is also ${other}'s`);
      owners.set(slug, where);
    };
  };
  const categorySlug = slugOwners();
  const categories = bundle.categories.map((c, i) => {
    const where = `category ${i + 1} (key ${JSON.stringify(cut(c.key, 40))})`;
    if (typeof c.name !== 'string' || !c.name.trim() || c.name.length > 200) throw new ImportFormatError(where, 'name is missing or longer than 200 characters');
    if (c.parentKey !== undefined && !categoryKeys.has(c.parentKey)) throw new ImportFormatError(where, `parent ${JSON.stringify(c.parentKey)} is no category of the export`);
    const slug = cleanSlug(where, c.slug, c.name);
    categorySlug(slug, where);
    return { ...c, slug };
  });
  // The tree must be a tree: following parents never comes back.
  const parentOf = new Map(bundle.categories.map((c) => [c.key, c.parentKey]));
  bundle.categories.forEach((c, i) => {
    const seen = new Set<string>([c.key]);
    for (let p = c.parentKey; p !== undefined; p = parentOf.get(p)) {
      if (seen.has(p)) throw new ImportFormatError(`category ${i + 1} (key ${JSON.stringify(cut(c.key, 40))})`, 'its parents form a cycle');
      seen.add(p);
    }
  });
  const tagSlug = slugOwners();
  const tagName = slugOwners();
  const tags = bundle.tags.map((t, i) => {
    const where = `tag ${i + 1} (key ${JSON.stringify(cut(t.key, 40))})`;
    if (typeof t.name !== 'string' || !t.name.trim() || t.name.length > 100) throw new ImportFormatError(where, 'name is missing or longer than 100 characters');
    const slug = cleanSlug(where, t.slug, t.name);
    tagSlug(slug, where);
    tagName(t.name.trim(), where);
    return { ...t, name: t.name.trim(), slug };
  });

  const postSlug = slugOwners();
  const notes: ImportNote[] = [];
  const pathOwner = new Map<string, string>();
  const posts = bundle.posts.map((p, i) => {
    const where = postWhere(p, i);
    if (typeof p.title !== 'string' || p.title.length > 300) throw new ImportFormatError(where, 'title is not text of at most 300 characters');
    if (typeof p.body !== 'string') throw new ImportFormatError(where, 'body is not text');
    if (typeof p.excerpt !== 'string') throw new ImportFormatError(where, 'excerpt is not text');
    if (!(POST_STATUSES as readonly string[]).includes(p.status)) throw new ImportFormatError(where, `status ${JSON.stringify(p.status)} is not one of ${POST_STATUSES.join(', ')}`);
    if (p.format !== 'markdown' && p.format !== 'mdx') throw new ImportFormatError(where, `format ${JSON.stringify(p.format)} is not markdown or mdx`);
    if (p.publishedAt !== null && !isDate(p.publishedAt)) throw new ImportFormatError(where, 'publishedAt is not a valid date');
    if (p.status !== 'draft' && p.publishedAt === null) throw new ImportFormatError(where, `a ${p.status} post needs a publication date`);
    if (p.modifiedAt !== undefined && !isDate(p.modifiedAt)) throw new ImportFormatError(where, 'modifiedAt is not a valid date');
    if (p.authorKey !== undefined && !authorKeys.has(p.authorKey)) throw new ImportFormatError(where, `author ${JSON.stringify(p.authorKey)} is no author of the export`);
    if (p.categoryKey !== undefined && !categoryKeys.has(p.categoryKey)) throw new ImportFormatError(where, `category ${JSON.stringify(p.categoryKey)} is no category of the export`);
    if (!Array.isArray(p.tagKeys)) throw new ImportFormatError(where, 'tagKeys is not a list');
    for (const k of p.tagKeys) if (!tagKeys.has(k)) throw new ImportFormatError(where, `tag ${JSON.stringify(k)} is no tag of the export`);
    if (p.coverImage !== undefined && (typeof p.coverImage !== 'string' || p.coverImage.length > 2000)) throw new ImportFormatError(where, 'coverImage is not an address of at most 2000 characters');
    // A cover is an image address (http(s) or a path on this site); anything else (javascript:, data:) is dropped.
    const cover = p.coverImage && /^(?:https?:\/\/[^\s]+|\/(?!\/)[^\s]*)$/i.test(p.coverImage) ? p.coverImage : undefined;
    if (p.coverImage && !cover) notes.push({ where, message: `cover image ${JSON.stringify(cut(p.coverImage))} is not an http(s) address or a path: dropped`, kind: 'dropped' });
    const slug = cleanSlug(where, p.slug, p.title);
    postSlug(slug, where);
    if (!Array.isArray(p.legacyPaths)) throw new ImportFormatError(where, 'legacyPaths is not a list');
    const paths: string[] = [];
    for (const raw of p.legacyPaths) {
      let path: string;
      try {
        path = normaliseLegacyPath(stripSite(String(raw), site));
      } catch (err) {
        if (err instanceof LegacyPathError) throw new ImportFormatError(where, err.message);
        throw err;
      }
      const other = pathOwner.get(path);
      if (other && other !== where) throw new ImportFormatError(where, `legacy path "${path}" is also ${other}'s`);
      pathOwner.set(path, where);
      if (!paths.includes(path)) paths.push(path);
    }
    if (!Array.isArray(p.comments)) throw new ImportFormatError(where, 'comments is not a list');
    const commentKeys = new Set<string>();
    p.comments.forEach((c, j) => {
      const cw = `${where} comment ${j + 1}`;
      if (typeof c?.key !== 'string' || !c.key || c.key.length > 300) throw new ImportFormatError(cw, 'key is missing or longer than 300 characters');
      if (commentKeys.has(c.key)) throw new ImportFormatError(cw, `key ${JSON.stringify(c.key)} appears twice`);
      commentKeys.add(c.key);
      if (!isDate(c.createdAt)) throw new ImportFormatError(cw, 'createdAt is not a valid date');
      if (!['approved', 'pending', 'spam'].includes(c.status)) throw new ImportFormatError(cw, `status ${JSON.stringify(c.status)} is not approved, pending or spam`);
      if (typeof c.body !== 'string' || typeof c.authorName !== 'string') throw new ImportFormatError(cw, 'body or authorName is not text');
    });
    return { ...p, coverImage: cover, slug, where, paths };
  });
  return { bundle, categories, tags, posts, notes };
}

/** An old address given with the exported site's own origin is read as its path; any other absolute URL is refused. */
function stripSite(raw: string, site: string): string {
  const origin = site.replace(/\/+$/, '');
  if (origin && /^https?:\/\//i.test(origin) && raw.toLowerCase().startsWith(origin.toLowerCase())) {
    const rest = raw.slice(origin.length);
    if (rest === '' || rest.startsWith('/') || rest.startsWith('?')) return rest || '/';
  }
  return raw;
}

type Tx = Db;
interface Item {
  id: number;
  objectId: number;
  checksum: string;
}

/** Reads what the import needs to know about the database, then makes the changes when `write` (inside the transaction). */
async function run(tx: Tx, checked: Checked, report: ImportReport, write: boolean, onProgress?: ImportOptions['onProgress']) {
  const { bundle } = checked;
  const source = bundle.source;
  const keyOf = (k: string) => `${bundle.site} ${k}`;
  const line = (model: ImportModel, key: string, label: string, action: ImportAction, note?: string) => {
    report.items.push({ model, key, label, action, ...(note ? { note } : {}) });
    report.counts[model][COUNT_OF[action]]++;
  };

  // Every ImportedItem of this site, read once (chunked for PostgreSQL's and SQLite's parameter limits).
  const items = new Map<string, Item>();
  const wanted = [
    ...checked.categories.map((c) => ['category', c.key]),
    ...checked.tags.map((t) => ['tag', t.key]),
    ...bundle.authors.map((a) => ['user', a.key]),
    ...checked.posts.map((p) => ['post', p.key]),
    ...checked.posts.flatMap((p) => p.comments.map((c) => ['comment', `${p.key} ${c.key}`])),
  ];
  for (const part of chunks(wanted)) {
    const rows = await tx.importedItem.findMany({ where: { source, sourceKey: { in: part.map(([, k]) => keyOf(k)) } }, select: { id: true, sourceKey: true, model: true, objectId: true, checksum: true } });
    for (const r of rows) items.set(`${r.model} ${r.sourceKey}`, r);
  }
  const itemOf = (model: string, key: string) => items.get(`${model} ${keyOf(key)}`);
  const record = async (model: string, key: string, objectId: number, checksum: string, existing?: Item) => {
    if (!write) return;
    if (existing) await tx.importedItem.update({ where: { id: existing.id }, data: { objectId, checksum } });
    else newItems.push({ source, sourceKey: keyOf(key), model, objectId, checksum });
  };
  // New ImportedItem and LegacyPath rows are written together at the end (createMany, in chunks): far fewer statements.
  const newItems: { source: string; sourceKey: string; model: string; objectId: number; checksum: string }[] = [];
  const newPaths: { path: string; postId: number; source: string }[] = [];
  let fake = -1; // ids of rows a dry run would create
  const newId = (id?: number) => id ?? fake--;

  // Categories, parents first.
  const categoryIds = new Map<string, number>();
  const byKey = new Map(checked.categories.map((c) => [c.key, c]));
  const depth = (k: string): number => (byKey.get(k)?.parentKey ? 1 + depth(byKey.get(k)!.parentKey!) : 0);
  const orderedCategories = [...checked.categories].sort((a, b) => depth(a.key) - depth(b.key));
  for (const c of orderedCategories) {
    const hash = sha({ name: c.name, slug: c.slug, parentKey: c.parentKey ?? null, description: c.description ?? '' });
    const parentId = c.parentKey ? (categoryIds.get(c.parentKey) ?? null) : null;
    const data = { name: c.name.trim(), description: c.description ?? '', parentId: parentId !== null && parentId > 0 ? parentId : null };
    const item = itemOf('category', c.key);
    const row = item ? await tx.category.findUnique({ where: { id: item.objectId }, select: { id: true } }) : null;
    if (item && row) {
      categoryIds.set(c.key, row.id);
      if (item.checksum === hash) line('category', c.key, c.slug, 'unchanged');
      else {
        if (write) await tx.category.update({ where: { id: row.id }, data });
        await record('category', c.key, row.id, hash, item);
        line('category', c.key, c.slug, 'update');
      }
      continue;
    }
    const same = await tx.category.findUnique({ where: { slug: c.slug }, select: { id: true } });
    if (same) {
      categoryIds.set(c.key, same.id);
      await record('category', c.key, same.id, hash, item);
      line('category', c.key, c.slug, 'unchanged', 'existing category reused');
      continue;
    }
    const created = write ? await tx.category.create({ data: { ...data, slug: c.slug }, select: { id: true } }) : undefined;
    categoryIds.set(c.key, newId(created?.id));
    if (created) await record('category', c.key, created.id, hash, item);
    line('category', c.key, c.slug, 'create');
  }

  // Tags: reused by slug (or name, which is unique too).
  const tagIds = new Map<string, number>();
  for (const t of checked.tags) {
    const hash = sha({ name: t.name, slug: t.slug });
    const item = itemOf('tag', t.key);
    const row = item ? await tx.tag.findUnique({ where: { id: item.objectId }, select: { id: true } }) : null;
    if (item && row) {
      tagIds.set(t.key, row.id);
      line('tag', t.key, t.slug, 'unchanged', item.checksum === hash ? undefined : 'a tag is matched by its slug; its name here is kept');
      continue;
    }
    const same = await tx.tag.findFirst({ where: { OR: [{ slug: t.slug }, { name: t.name }] }, select: { id: true } });
    if (same) {
      tagIds.set(t.key, same.id);
      await record('tag', t.key, same.id, hash, item);
      line('tag', t.key, t.slug, 'unchanged', 'existing tag reused');
      continue;
    }
    const created = write ? await tx.tag.create({ data: { name: t.name, slug: t.slug }, select: { id: true } }) : undefined;
    tagIds.set(t.key, newId(created?.id));
    if (created) await record('tag', t.key, created.id, hash, item);
    line('tag', t.key, t.slug, 'create');
  }

  // Authors: inactive users with no password (they cannot sign in until claimed: a password reset or an admin).
  const userIds = new Map<string, number>();
  const host = (() => {
    try {
      return new URL(bundle.site).hostname.replace(/[^a-z0-9.-]/gi, '') || 'imported';
    } catch {
      return 'imported';
    }
  })();
  for (const a of bundle.authors) {
    const email = (a.email?.trim() || `${a.login.trim().toLowerCase().replace(/[^a-z0-9._-]/g, '_')}@${host}.invalid`).toLowerCase();
    const hash = sha({ login: a.login, name: a.name, email });
    const item = itemOf('user', a.key);
    const row = item ? await tx.user.findUnique({ where: { id: item.objectId }, select: { id: true, isActive: true, passwordHash: true } }) : null;
    if (item && row) {
      userIds.set(a.key, row.id);
      if (item.checksum === hash) line('user', a.key, email, 'unchanged');
      else if (row.isActive || row.passwordHash) line('user', a.key, email, 'skip', 'claimed here since import');
      else {
        if (write) await tx.user.update({ where: { id: row.id }, data: { name: a.name || a.login } });
        await record('user', a.key, row.id, hash, item);
        line('user', a.key, email, 'update');
      }
      continue;
    }
    const same = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (same) {
      userIds.set(a.key, same.id);
      await record('user', a.key, same.id, hash, item);
      line('user', a.key, email, 'unchanged', 'existing user reused');
      continue;
    }
    const created = write ? await tx.user.create({ data: { email, name: a.name || a.login, isActive: false, passwordHash: '' }, select: { id: true } }) : undefined;
    userIds.set(a.key, newId(created?.id));
    if (created) await record('user', a.key, created.id, hash, item);
    line('user', a.key, email, 'create', 'inactive until claimed');
  }

  // Posts: slugs taken by posts this import did not make are refused (naming both); the rest is planned per post.
  const slugsTaken = new Map<string, { id: number; title: string }>();
  for (const part of chunks(checked.posts.map((p) => p.slug))) {
    for (const r of await tx.post.findMany({ where: { slug: { in: part } }, select: { id: true, slug: true, title: true } })) slugsTaken.set(r.slug, r);
  }
  const pathsTaken = new Map<string, number>();
  for (const part of chunks(checked.posts.flatMap((p) => p.paths))) {
    for (const r of await tx.legacyPath.findMany({ where: { path: { in: part } }, select: { path: true, postId: true } })) pathsTaken.set(r.path, r.postId);
  }
  const postRows = new Map<number, { id: number; version: number; slug: string }>();
  const mine = checked.posts.map((p) => itemOf('post', p.key)).filter((i): i is Item => Boolean(i));
  for (const part of chunks(mine.map((i) => i.objectId))) {
    for (const r of await tx.post.findMany({ where: { id: { in: part } }, select: { id: true, version: true, slug: true } })) postRows.set(r.id, r);
  }
  for (const p of checked.posts) {
    const item = itemOf('post', p.key);
    const taken = slugsTaken.get(p.slug);
    if (taken && !(item && item.objectId === taken.id)) {
      throw new ImportFormatError(p.where, `slug "${p.slug}" is already taken by post #${taken.id} "${cut(taken.title, 40)}", which this import did not make`);
    }
    for (const path of p.paths) {
      const owner = pathsTaken.get(path);
      if (owner !== undefined && !(item && item.objectId === owner)) throw new ImportFormatError(p.where, `legacy path "${path}" already leads to post #${owner}`);
    }
  }

  const touched: { id: number; slug: string; source: string; format: 'markdown' | 'mdx'; excerpt: string; version: number }[] = [];
  let done = 0;
  const commentsWanted = checked.posts.some((p) => p.comments.length > 0);
  const writer = (commentWriters as CommentImportWriter[])[0];
  if (commentsWanted && !writer) report.commentsSkipped = 'no installed app takes comments (install the comments app to import them)';

  for (const p of checked.posts) {
    const { comments, ...fields } = p;
    const hash = sha({ ...fields, where: undefined, paths: p.paths, legacyPaths: undefined, publishedAt: p.publishedAt?.toISOString() ?? null, modifiedAt: p.modifiedAt?.toISOString() ?? null });
    const item = itemOf('post', p.key);
    const row = item ? postRows.get(item.objectId) : undefined;
    const tagConnect = p.tagKeys.map((k) => tagIds.get(k)!).filter((id) => id > 0).map((id) => ({ id }));
    const categoryId = p.categoryKey ? categoryIds.get(p.categoryKey)! : null;
    const authorId = p.authorKey ? userIds.get(p.authorKey)! : null;
    const data = {
      title: p.title,
      slug: p.slug,
      excerpt: p.excerpt.trim(),
      source: p.body,
      format: p.format,
      status: p.status,
      publishedAt: p.publishedAt,
      coverImage: p.coverImage || null,
      categoryId: categoryId !== null && categoryId > 0 ? categoryId : null,
      authorId: authorId !== null && authorId > 0 ? authorId : null,
    };
    let postId: number | null = null;
    let action: ImportAction;
    if (item && !row) {
      action = 'skip';
      line('post', p.key, p.slug, 'skip', 'deleted here since import');
    } else if (item && row) {
      postId = row.id;
      const { hash: before, version } = unstamp(item.checksum);
      if (before === hash) {
        action = 'unchanged';
        line('post', p.key, p.slug, 'unchanged');
      } else if (version !== null && version !== row.version) {
        action = 'skip';
        line('post', p.key, p.slug, 'skip', 'edited here since import');
      } else {
        action = 'update';
        if (write) {
          const updated = await tx.post.update({ where: { id: row.id }, data: { ...data, tags: { set: tagConnect }, version: { increment: 1 } }, select: { version: true } });
          // A slug changed in the export: its address here keeps working (308 to the new one, as after an editor's rename).
          if (row.slug !== p.slug) await tx.redirect.upsert({ where: { oldSlug: row.slug }, create: { oldSlug: row.slug, postId: row.id }, update: { postId: row.id } });
          await tx.redirect.deleteMany({ where: { oldSlug: p.slug, postId: row.id } });
          await record('post', p.key, row.id, stamp(hash, updated.version), item);
          touched.push({ id: row.id, slug: p.slug, source: p.body, format: p.format, excerpt: data.excerpt, version: updated.version });
        }
        line('post', p.key, p.slug, 'update');
      }
    } else {
      action = 'create';
      if (write) {
        const created = await tx.post.create({ data: { ...data, ...(p.modifiedAt ? {} : {}), tags: { connect: tagConnect } }, select: { id: true, version: true } });
        postId = created.id;
        await record('post', p.key, created.id, stamp(hash, created.version), item);
        touched.push({ id: created.id, slug: p.slug, source: p.body, format: p.format, excerpt: data.excerpt, version: created.version });
      } else postId = newId();
      line('post', p.key, p.slug, 'create');
    }

    // Old addresses: recorded for every post the import keeps (an unchanged post's are already there).
    if (postId !== null && action !== 'skip') {
      for (const path of p.paths) {
        if (pathsTaken.get(path) === postId) {
          line('legacyPath', path, path, 'unchanged');
          continue;
        }
        if (write) newPaths.push({ path, postId, source });
        line('legacyPath', path, path, 'create');
      }
    } else for (const path of p.paths) line('legacyPath', path, path, 'skip', `its post "${p.slug}" is skipped`);

    // Comments, through the app that keeps them.
    if (comments.length) {
      if (!writer || postId === null) {
        for (const c of comments) line('comment', `${p.key} ${c.key}`, `${p.slug} #${c.key}`, 'skip', writer ? `its post "${p.slug}" is gone` : 'no comments app');
      } else await importComments(tx, writer, p, postId, comments, itemOf, record, line, write, newId, report);
    }
    onProgress?.('write', ++done, checked.posts.length);
  }
  for (const part of chunks(newItems, 500)) await tx.importedItem.createMany({ data: part });
  for (const part of chunks(newPaths, 500)) await tx.legacyPath.createMany({ data: part });
  return touched;
}

async function importComments(
  tx: Tx,
  writer: CommentImportWriter,
  p: ImportPost & { where: string },
  postId: number,
  comments: ImportComment[],
  itemOf: (model: string, key: string) => Item | undefined,
  record: (model: string, key: string, objectId: number, checksum: string, existing?: Item) => Promise<void>,
  line: (model: ImportModel, key: string, label: string, action: ImportAction, note?: string) => void,
  write: boolean,
  newId: (id?: number) => number,
  report: ImportReport,
) {
  const ids = new Map<string, number>();
  const byKey = new Map(comments.map((c) => [c.key, c]));
  // Parents before replies (a parent the export lacks makes the reply a top-level comment, with a note).
  const depth = (c: ImportComment, seen = new Set<string>()): number => {
    if (!c.parentKey || !byKey.has(c.parentKey) || seen.has(c.key)) return 0;
    seen.add(c.key);
    return 1 + depth(byKey.get(c.parentKey)!, seen);
  };
  const ordered = [...comments].sort((a, b) => depth(a) - depth(b) || a.createdAt.getTime() - b.createdAt.getTime());
  for (const c of ordered) {
    const key = `${p.key} ${c.key}`;
    const label = `${p.slug} #${c.key}`;
    const body = c.body.replace(/\r\n?/g, '\n').trim().slice(0, 20_000);
    if (!body) {
      line('comment', key, label, 'skip', 'empty body');
      continue;
    }
    if (c.parentKey && !byKey.has(c.parentKey)) report.notes.push({ where: `${p.where} comment ${c.key}`, message: `its parent ${c.parentKey} is not in the export; imported as a top-level comment`, kind: 'converted' });
    const parent = c.parentKey ? ids.get(c.parentKey) : undefined;
    const data: ImportedCommentData = {
      postId,
      parentId: parent !== undefined && parent > 0 ? parent : null,
      name: c.authorName.replace(/\s+/g, ' ').trim().slice(0, 100) || '익명',
      email: (c.authorEmail ?? '').trim().slice(0, 254),
      body,
      status: c.status,
      createdAt: c.createdAt,
    };
    const hash = sha({ ...data, postId: undefined, parentKey: c.parentKey ?? null, createdAt: c.createdAt.toISOString() });
    const item = itemOf('comment', key);
    if (item && item.checksum === hash) {
      ids.set(c.key, item.objectId);
      line('comment', key, label, 'unchanged');
      continue;
    }
    if (item) {
      ids.set(c.key, item.objectId);
      if (write && !(await writer.update(tx, item.objectId, data))) {
        line('comment', key, label, 'skip', 'deleted here since import');
        continue;
      }
      await record('comment', key, item.objectId, hash, item);
      line('comment', key, label, 'update');
      continue;
    }
    const id = write ? await writer.create(tx, data) : undefined;
    ids.set(c.key, newId(id));
    if (id !== undefined) await record('comment', key, id, hash);
    line('comment', key, label, 'create');
  }
}

/**
 * Imports a bundle: validates it whole, writes everything in one transaction (a failure changes nothing), then compiles
 * the posts it created or changed. With dryRun the same plan is made and reported, and nothing is written.
 */
export async function importBundle(db: Db, bundle: ImportBundle, opts: ImportOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const checked = checkBundle(bundle);
  const report: ImportReport = {
    source: bundle.source,
    dryRun: Boolean(opts.dryRun),
    counts: Object.fromEntries(IMPORT_MODELS.map((m) => [m, empty()])) as Record<ImportModel, ImportCounts>,
    items: [],
    notes: [...bundle.notes, ...checked.notes],
    failed: [],
    attachments: bundle.attachments,
    changedSlugs: [],
    commentsSkipped: null,
    ms: { plan: 0, write: 0, compile: 0 },
  };
  if (opts.dryRun) {
    await run(db, checked, report, false);
    report.ms.plan = Date.now() - started;
    return report;
  }
  const touched = await db.$transaction(async (tx) => run(tx as unknown as Db, checked, report, true, opts.onProgress), {
    timeout: opts.transactionTimeoutMs ?? 600_000,
    maxWait: 30_000,
  });
  report.ms.write = Date.now() - started;
  report.changedSlugs = touched.map((t) => t.slug);

  // Compile after the commit: a body that does not compile is stored with its error (never published output).
  const compileStarted = Date.now();
  const compile = opts.compile ?? defaultCompile;
  const { compiledColumns, excerptFrom } = await import('../posts');
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < touched.length) {
      const t = touched[next++];
      try {
        const out = await compile(t.source, t.format);
        // Guarded by the version the import left: an edit made meanwhile is not overwritten (and the version stays).
        await db.post.updateMany({ where: { id: t.id, version: t.version }, data: { ...compiledColumns(out), ...(t.excerpt ? {} : { excerpt: excerptFrom(undefined, out) }) } });
      } catch (err) {
        if (!(err instanceof MdxCompileError)) throw err;
        await db.post.updateMany({ where: { id: t.id, version: t.version }, data: { compileError: err.message } });
        report.failed.push({ slug: t.slug, error: err.message });
      }
      opts.onProgress?.('compile', ++done, touched.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, 16)) }, worker));
  report.ms.compile = Date.now() - compileStarted;
  return report;
}

/** The report as lines a person reads (the commands print these; --dry-run says "would"). */
export function reportLines(report: ImportReport): string[] {
  const verb = (a: ImportAction) => (report.dryRun ? { create: 'would create', update: 'would update', unchanged: 'unchanged', skip: 'would skip' } : { create: 'created', update: 'updated', unchanged: 'unchanged', skip: 'skipped' })[a];
  const out: string[] = [];
  for (const i of report.items) if (i.action !== 'unchanged' || i.note) out.push(`  ${verb(i.action).padEnd(12)} ${i.model.padEnd(10)} ${i.label}${i.note ? `  (${i.note})` : ''}`);
  for (const n of report.notes) out.push(`  ${(n.kind === 'dropped' && report.dryRun ? 'would drop' : n.kind).padEnd(12)} ${n.where}: ${n.message}`);
  if (report.commentsSkipped) out.push(`  skipped      comments: ${report.commentsSkipped}`);
  for (const f of report.failed) out.push(`  FAILED       post ${f.slug}: ${f.error} (imported, invisible to readers until it compiles)`);
  if (report.attachments.length) {
    out.push(`Attachments (${report.attachments.length}; remote addresses kept in the posts):`);
    for (const a of report.attachments) out.push(`  ${a.localPath ? `${a.url}  ← ${a.localPath}` : a.url}`);
  }
  const summary = IMPORT_MODELS.filter((m) => Object.values(report.counts[m]).some(Boolean)).map((m) => {
    const c = report.counts[m];
    return `${m}: ${c.created} ${report.dryRun ? 'to create' : 'created'}, ${c.updated} ${report.dryRun ? 'to update' : 'updated'}, ${c.unchanged} unchanged, ${c.skipped} skipped`;
  });
  out.push(`${report.dryRun ? 'Dry run, nothing written. ' : ''}${summary.join('; ') || 'Nothing to import.'}${report.failed.length ? `; ${report.failed.length} post(s) failed to compile` : ''}.`);
  return out;
}
