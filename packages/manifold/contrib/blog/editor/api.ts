// The post editor's server half: /admin/api/blog/* (served by the admin's api-route after its same-site, sign-in and
// staff checks). Each endpoint is a thin shell around a function of (context, input) that the tests call too:
// create a draft post, autosave the working copy (Post.draft only: readers keep what was published), save / publish /
// schedule / unpublish under optimistic locking, discard the draft, list / read / restore revisions, suggest a slug,
// find and create tags. Every refusal is a 4xx JSON body a person can act on, in Korean and English.
import 'server-only';
import { z } from 'zod';
import { providerOf, type Db } from '../../../lib/db';
import { defineEndpoint, Reply, type Endpoint } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { MdxCompileError, type CompiledPost } from '../../../lib/mdx/compile';
import { getCurrentUser, hasPerm, PermissionDenied, type CurrentUser } from '../../accounts/auth';
import { adminDb } from '../../admin/core/db';
import { logAction } from '../../admin/core/log';
import { CompilePoolBusyError, compileInPool } from '../../../lib/mdx/pool';
import type { PostFormat } from '../../../lib/mdx/markdown';
import { compiledColumns, excerptFrom } from '../posts';
import {
  EDITOR_BODY_LIMIT,
  editorFieldsSchema,
  editUrl,
  isVisible,
  loadPost,
  mayChange,
  mayPublish,
  parseDraft,
  parsePostId,
  PERMS,
  publicUrl,
  revalidateBlog,
  savedFields,
  type EditorPost,
} from './data';
import { getRevision, listRevisions, recordAutosave, recordRevision } from './revisions';
import { isValidSlug, normalizeSlug, slugFromTitle, slugTakenBy, uniqueSlug } from './slug';
import type { AutosaveRequest, ConflictBody, EditorFields, PostStatus, SaveIntent, SaveRequest, SaveResult, ValidationBody } from './types';

/** A refusal with a JSON body: {error} and, for 400 and 409, the ValidationBody / ConflictBody details. */
export class EditorRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string } & Record<string, unknown>,
  ) {
    super(body.error);
  }
}

/** Who is asking and which database: the signed-in user and the site's (or a test's) database. */
export interface EditorContext {
  db: Db;
  user: CurrentUser;
  now?: Date;
}

const T = {
  notFound: '글이 없습니다. / No such post.',
  noRevision: '그런 수정 기록이 없습니다. / No such revision.',
  mayNotChange: '이 글을 고칠 권한이 없습니다. / You may not change this post.',
  mayNotAdd: `글을 쓸 권한(${PERMS.add})이 없습니다. / You may not add posts (${PERMS.add}).`,
  mayNotPublish: (what: string) => `${what}에는 발행 권한(${PERMS.publish})이 필요합니다. / ${what === '발행' ? 'Publishing' : what === '예약 발행' ? 'Scheduling' : 'Unpublishing'} needs ${PERMS.publish}.`,
  conflict: '다른 사람이 먼저 이 글을 저장했습니다. 두 내용을 비교해 합친 뒤 다시 저장하세요. / Someone saved this post since you opened it; compare both versions, merge, and save again.',
  invalid: '저장할 수 없습니다. 표시된 항목을 고치세요. / Not saved: fix the marked fields.',
  titleRequired: '제목을 입력하세요. / Enter a title.',
  slugInvalid: '주소(slug)에는 글자, 숫자, -, _, . 만 쓸 수 있습니다. / A slug may only hold letters, digits, -, _ and . .',
  slugTaken: '이미 다른 글이 쓰는 주소입니다. / Another post already has this address.',
  slugRedirect: '다른 글의 예전 주소로 쓰이고 있어 쓸 수 없습니다. / This address still leads to another post (its old address).',
  noCategory: '그런 분류가 없습니다. / No such category.',
  noSeries: '그런 시리즈가 없습니다. / No such series.',
  orderWithoutSeries: '시리즈 순서는 시리즈를 고른 뒤에 정하세요. / Choose a series before its order.',
  unknownTags: (names: string[]) => `없는 태그입니다(만들 권한이 없습니다): ${names.join(', ')} / Unknown tags (you may not create tags): ${names.join(', ')}`,
  badCover: '표지 이미지는 https:// 주소나 /로 시작하는 경로여야 합니다. / The cover image must be an https:// address or a path starting with /.',
  scheduleNeedsTime: '예약 발행에는 발행 시각이 필요합니다. / A scheduled post needs a publication time.',
  scheduleInPast: '예약 시각은 지금보다 뒤여야 합니다. 바로 발행하려면 발행을 누르세요. / The scheduled time must be in the future; to publish now, use Publish.',
  compile: (msg: string, format: PostFormat = 'mdx') => `${format === 'markdown' ? 'Markdown' : 'MDX'}를 컴파일할 수 없습니다 / The ${format === 'markdown' ? 'Markdown' : 'MDX'} does not compile — ${msg}`,
  tagName: '태그 이름을 입력하세요(100자 이내). / Enter a tag name (at most 100 characters).',
  mayNotAddTag: `태그를 만들 권한(${PERMS.addTag})이 없습니다. / You may not create tags (${PERMS.addTag}).`,
  mayNotSeeTags: '태그를 볼 권한이 없습니다. / You may not view tags.',
  signIn: '로그인하세요. / Sign in to continue.',
  badJson: '본문이 올바른 JSON이 아닙니다. / The body is not valid JSON.',
  badBodyType: '본문은 JSON(application/json 또는 text/plain)이어야 합니다. / Send the body as JSON (application/json or text/plain).',
};

const refuse = (status: number, error: string, extra: Record<string, unknown> = {}): never => {
  throw new EditorRefusal(status, { error, ...extra });
};

const invalid = (errors: ValidationBody['errors']): never => refuse(400, errors.length === 1 ? `${T.invalid} ${errors[0].message}` : T.invalid, { errors });

async function changeablePost(ctx: EditorContext, id: number): Promise<EditorPost> {
  const post = await loadPost(ctx.db, id);
  if (!post) refuse(404, T.notFound);
  if (!mayChange(ctx.user, post!)) refuse(403, T.mayNotChange);
  return post!;
}

/** The 409 body: the post as it is now saved, who saved it last and when. */
async function conflictBody(ctx: EditorContext, id: number): Promise<ConflictBody> {
  const post = await loadPost(ctx.db, id);
  if (!post) refuse(404, T.notFound);
  const last = await ctx.db.revision.findFirst({ where: { postId: id, kind: { not: 'autosave' } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { authorId: true } });
  const who = last?.authorId ? await ctx.db.user.findUnique({ where: { id: last.authorId }, select: { name: true, email: true } }) : null;
  return { error: T.conflict, conflict: { version: post!.version, fields: savedFields(post!), by: who ? who.name || who.email : null, at: post!.updatedAt.toISOString() } };
}

const conflict = async (ctx: EditorContext, id: number): Promise<never> => {
  const body = await conflictBody(ctx, id);
  throw new EditorRefusal(409, body as unknown as { error: string });
};

const now = (ctx: EditorContext) => ctx.now ?? new Date();

// ---------------------------------------------------------------------------------------------------------------
// Create

/** POST /admin/api/blog/posts: a new draft post of the user's, with a slug from the title; 201 {id, editUrl}. */
export async function createPost(ctx: EditorContext, input: { title?: string; format?: 'markdown' | 'mdx' }): Promise<{ id: number; editUrl: string }> {
  if (!hasPerm(ctx.user, PERMS.add) || !ctx.user.isStaff) refuse(403, T.mayNotAdd);
  const title = (input.title ?? '').replace(/\s+/g, ' ').trim();
  // A new post is Markdown unless asked otherwise; the editor switches it to MDX when an embed goes in.
  const format = input.format ?? 'markdown';
  const slug = await uniqueSlug(ctx.db, slugFromTitle(title) || 'untitled');
  let post: { id: number; title: string };
  try {
    post = await ctx.db.post.create({ data: { title, slug, status: 'draft', format, authorId: ctx.user.id }, select: { id: true, title: true } });
  } catch (err) {
    if ((err as { code?: string }).code !== 'P2002') throw err;
    // Someone took the slug between the check and the insert: the next free one.
    post = await ctx.db.post.create({ data: { title, slug: await uniqueSlug(ctx.db, `${slug}-${Date.now().toString(36)}`), status: 'draft', format, authorId: ctx.user.id }, select: { id: true, title: true } });
  }
  await logAction(ctx.user, { app: 'blog', model: 'Post' }, [{ objectId: String(post.id), objectRepr: post.title || slug }], 'add');
  return { id: post.id, editUrl: editUrl(post.id) };
}

// ---------------------------------------------------------------------------------------------------------------
// Autosave, discard

/**
 * Stores the working copy in Post.draft (never the live columns) and keeps it as this sitting's autosave revision.
 * A stale `version` (someone saved since) is refused with 409 and the other side; the text is still kept in the
 * sitting's revision, so nothing typed is lost.
 */
export async function autosavePost(ctx: EditorContext, id: number, input: AutosaveRequest): Promise<{ draftSavedAt: string }> {
  const post = await changeablePost(ctx, id);
  const at = now(ctx);
  const fields = input.fields;
  if (input.version !== post.version) {
    await recordAutosave(ctx.db, { postId: id, authorId: ctx.user.id, fields, status: post.status, now: at });
    return conflict(ctx, id);
  }
  // Conditional on the version: a save landing between the read and this write wins, and this autosave is refused.
  // updatedAt stays: a draft is not a change readers (or the sitemap) should see.
  const { count } = await ctx.db.post.updateMany({
    where: { id, version: input.version },
    data: { draft: JSON.stringify(fields), draftSavedAt: at, draftById: ctx.user.id, updatedAt: post.updatedAt },
  });
  await recordAutosave(ctx.db, { postId: id, authorId: ctx.user.id, fields, status: post.status, now: at });
  if (count === 0) return conflict(ctx, id);
  return { draftSavedAt: at.toISOString() };
}

/** Drops the draft: the editor goes back to the saved fields (the draft stays in the sitting's autosave revision). */
export async function discardDraft(ctx: EditorContext, id: number): Promise<{ fields: EditorFields }> {
  const post = await changeablePost(ctx, id);
  await ctx.db.post.update({ where: { id }, data: { draft: null, draftSavedAt: null, draftById: null, updatedAt: post.updatedAt } });
  return { fields: savedFields(post) };
}

// ---------------------------------------------------------------------------------------------------------------
// Save

const INTENT_WORD: Record<Exclude<SaveIntent, 'save'>, string> = { publish: '발행', schedule: '예약 발행', unpublish: '발행 취소' };

/** Where the post ends up (status, publication time) for an intent, or the error to show. */
function target(post: EditorPost, intent: SaveIntent, fields: EditorFields, publisher: boolean, at: Date) {
  const asked = fields.publishedAt ? new Date(fields.publishedAt) : null;
  switch (intent) {
    case 'publish':
      // Published now, unless the author gave an earlier time (a post moved from another blog keeps its date).
      return { status: 'published' as PostStatus, publishedAt: asked && asked <= at ? asked : at };
    case 'schedule':
      if (!asked) return { error: { field: 'publishedAt' as const, message: T.scheduleNeedsTime } };
      if (asked <= at) return { error: { field: 'publishedAt' as const, message: T.scheduleInPast } };
      return { status: 'scheduled' as PostStatus, publishedAt: asked };
    case 'unpublish':
      return { status: 'draft' as PostStatus, publishedAt: asked ?? post.publishedAt };
    default: {
      const status = (['published', 'scheduled'].includes(post.status) ? post.status : 'draft') as PostStatus;
      // Only a publisher moves a public or scheduled post's time; anyone may note a planned date on a draft.
      if (status !== 'draft' && !publisher) return { status, publishedAt: post.publishedAt };
      if (status !== 'draft' && !asked) return { status, publishedAt: post.publishedAt };
      if (status === 'scheduled' && asked && asked <= at) return { status: 'published' as PostStatus, publishedAt: asked };
      return { status, publishedAt: asked };
    }
  }
}

const COVER = /^(?:https?:\/\/[^\s<>"']+|\/(?!\/)[^\s<>"']*)$/i;

/** Tag names tidied: trimmed, inner spaces folded, blanks and repeats (case-insensitive) dropped. */
export function cleanTagNames(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** The field names whose value differs, for the action log. */
function changedFieldNames(before: EditorFields, after: EditorFields): string[] {
  return (Object.keys(after) as (keyof EditorFields)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/**
 * Save, publish, schedule or unpublish: checks the permissions (publishing, scheduling and unpublishing need
 * blog.publish_post), the fields (title, slug free, category and series exist, tags known or creatable), compiles the
 * source through the blog's pipeline in the compile pool (lib/mdx/pool.ts: off the request's thread, time-limited; a failure is a 400 with the line), then writes the columns, the tags, the
 * redirect from a visible post's old slug and a revision in one transaction whose update names the version the
 * author's copy is based on (409 with the other side when someone saved since). Clears the draft, logs, revalidates.
 */
export async function savePost(ctx: EditorContext, id: number, req: SaveRequest): Promise<SaveResult> {
  const post = await changeablePost(ctx, id);
  const at = now(ctx);
  const publisher = mayPublish(ctx.user);
  if (req.intent !== 'save' && !publisher) refuse(403, T.mayNotPublish(INTENT_WORD[req.intent]));
  if (req.version !== post.version) return conflict(ctx, id);

  const errors: ValidationBody['errors'] = [];
  const f: EditorFields = { ...req.fields, title: req.fields.title.replace(/\s+/g, ' ').trim(), source: req.fields.source.replace(/\r\n?/g, '\n') };
  // A request that names no format keeps the post's.
  const format: PostFormat = f.format ?? (post.format === 'markdown' ? 'markdown' : 'mdx');
  f.format = format;
  if (!f.title) errors.push({ field: 'title', message: T.titleRequired });

  // Slug: blank means "from the title"; otherwise the author's, tidied, and free.
  let slug = normalizeSlug(f.slug);
  if (!slug) slug = await uniqueSlug(ctx.db, slugFromTitle(f.title) || 'untitled', id);
  if (!isValidSlug(slug)) errors.push({ field: 'slug', message: T.slugInvalid });
  else {
    const taken = await slugTakenBy(ctx.db, slug, id);
    if (taken) errors.push({ field: 'slug', message: taken === 'post' ? T.slugTaken : T.slugRedirect });
  }
  f.slug = slug;

  if (f.categoryId !== null && !(await ctx.db.category.findUnique({ where: { id: f.categoryId }, select: { id: true } }))) errors.push({ field: 'categoryId', message: T.noCategory });
  if (f.seriesId !== null && !(await ctx.db.series.findUnique({ where: { id: f.seriesId }, select: { id: true } }))) errors.push({ field: 'seriesId', message: T.noSeries });
  if (f.seriesId === null && f.seriesOrder !== null) errors.push({ field: 'seriesOrder', message: T.orderWithoutSeries });
  const clean = (s: string | null) => (s === null ? null : s.trim() || null);
  f.coverImage = clean(f.coverImage);
  f.seoTitle = clean(f.seoTitle);
  f.seoDescription = clean(f.seoDescription);
  f.excerpt = f.excerpt.trim();
  if (f.coverImage && !COVER.test(f.coverImage)) errors.push({ field: 'coverImage', message: T.badCover });

  f.tags = cleanTagNames(f.tags);
  // An existing tag is matched whatever the case ("pytorch" is the tag PyTorch); a blog has hundreds of tags, not millions.
  const allTags = f.tags.length ? await ctx.db.tag.findMany({ select: { id: true, name: true } }) : [];
  const byName = new Map(allTags.map((t) => [t.name.normalize('NFC').toLowerCase(), t]));
  const existingTags = f.tags.flatMap((n) => byName.get(n.toLowerCase()) ?? []);
  const missing = f.tags.filter((n) => !byName.has(n.toLowerCase()));
  f.tags = f.tags.map((n) => byName.get(n.toLowerCase())?.name ?? n);
  if (missing.length && !hasPerm(ctx.user, PERMS.addTag)) errors.push({ field: 'tags', message: T.unknownTags(missing) });

  const goal = target(post, req.intent, f, publisher, at);
  if ('error' in goal && goal.error) errors.push(goal.error);

  let compiled: CompiledPost | null = null;
  try {
    compiled = await compileInPool(f.source, format);
  } catch (err) {
    // Every compile worker busy: nothing is wrong with the post; the author saves again in a moment (the draft is kept).
    if (err instanceof CompilePoolBusyError) throw new EditorRefusal(503, { error: err.message });
    if (!(err instanceof MdxCompileError)) throw err;
    errors.push({ field: 'source', message: T.compile(err.message, format), ...(err.line ? { line: err.line } : {}), ...(err.column ? { column: err.column } : {}) });
  }
  if (errors.length || !compiled || 'error' in goal) return invalid(errors);
  const { status, publishedAt } = goal as { status: PostStatus; publishedAt: Date | null };

  const tagIds = [...existingTags.map((t) => t.id)];
  for (const name of missing) tagIds.push((await findOrCreateTag(ctx.db, name)).id);

  const excerpt = f.excerpt || excerptFrom(undefined, compiled);
  const wasVisible = isVisible(post, at);
  const slugChanged = slug !== post.slug;
  const kind = req.intent === 'publish' || req.intent === 'schedule' || status === 'published' ? 'publish' : 'save';
  const before = savedFields(post);
  const after: EditorFields = { ...f, excerpt, publishedAt: publishedAt ? publishedAt.toISOString() : null };

  let version = post.version;
  try {
    await ctx.db.$transaction(async (tx) => {
      const { count } = await tx.post.updateMany({
        where: { id, version: req.version },
        data: {
          title: f.title,
          slug,
          source: f.source,
          format,
          excerpt,
          categoryId: f.categoryId,
          coverImage: f.coverImage,
          seoTitle: f.seoTitle,
          seoDescription: f.seoDescription,
          seriesId: f.seriesId,
          seriesOrder: f.seriesId === null ? null : f.seriesOrder,
          revisedAt: f.revisedAt ? new Date(f.revisedAt) : null,
          status,
          publishedAt,
          ...compiledColumns(compiled!),
          draft: null,
          draftSavedAt: null,
          draftById: null,
          version: { increment: 1 },
        },
      });
      if (count === 0) throw new StaleVersion();
      await tx.post.update({ where: { id }, data: { tags: { set: tagIds.map((t) => ({ id: t })) } } });
      // The old address of a post readers could see keeps working (pages.ts answers it with a 308).
      if (slugChanged && wasVisible) await tx.redirect.upsert({ where: { oldSlug: post.slug }, create: { oldSlug: post.slug, postId: id }, update: { postId: id } });
      // Back at an address it once had: that redirect would point at itself.
      await tx.redirect.deleteMany({ where: { oldSlug: slug, postId: id } });
      await recordRevision(tx as unknown as Db, { postId: id, authorId: ctx.user.id, kind, fields: after, status, now: at });
      version = req.version + 1;
    });
  } catch (err) {
    if (err instanceof StaleVersion) return conflict(ctx, id);
    if ((err as { code?: string }).code === 'P2002') return invalid([{ field: 'slug', message: T.slugTaken }]);
    throw err;
  }

  const changed = changedFieldNames(before, after);
  if (status !== post.status) changed.push('status');
  await logAction(ctx.user, { app: 'blog', model: 'Post' }, [{ objectId: String(id), objectRepr: f.title }], 'change', { changed });
  await revalidateBlog([...new Set([post.slug, slug])]);
  const saved = { slug, status, publishedAt, compiledCode: 'x' };
  return { version, status, savedAt: at.toISOString(), slug, url: publicUrl(saved, at), fields: after };
}

class StaleVersion extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Revisions

/** Makes a revision the new draft (the live post is untouched until saved) and records a 'restore' revision. */
export async function restoreRevision(ctx: EditorContext, id: number, revisionId: number, input: { version: number }): Promise<{ fields: EditorFields; draftSavedAt: string }> {
  const post = await changeablePost(ctx, id);
  const rev = await getRevision(id, revisionId, ctx.user, ctx.db);
  if (!rev) refuse(404, T.noRevision);
  if (input.version !== post.version) return conflict(ctx, id);
  const at = now(ctx);
  const base = parseDraft(post.draft, savedFields(post)) ?? savedFields(post);
  // The revision's fields over the working copy: a field the revision did not record keeps its current value.
  const fields = parseDraft(JSON.stringify({ ...rev!.fields, title: rev!.title, source: rev!.source }), base)!;
  const { count } = await ctx.db.post.updateMany({ where: { id, version: input.version }, data: { draft: JSON.stringify(fields), draftSavedAt: at, draftById: ctx.user.id, updatedAt: post.updatedAt } });
  if (count === 0) return conflict(ctx, id);
  await recordRevision(ctx.db, { postId: id, authorId: ctx.user.id, kind: 'restore', fields, status: post.status, now: at });
  return { fields, draftSavedAt: at.toISOString() };
}

// ---------------------------------------------------------------------------------------------------------------
// Slugs and tags

/** GET /admin/api/blog/slug?title=&id=: the slug a title makes, unique among the other posts and old addresses. */
export async function suggestSlug(ctx: EditorContext, title: string, postId: number | null): Promise<{ slug: string }> {
  if (!ctx.user.isStaff || !(hasPerm(ctx.user, PERMS.add) || hasPerm(ctx.user, PERMS.change) || hasPerm(ctx.user, 'blog.change_own_post'))) refuse(403, T.mayNotChange);
  return { slug: await uniqueSlug(ctx.db, slugFromTitle(title.slice(0, 300)) || 'untitled', postId) };
}

/** GET /admin/api/blog/tags?q=: up to 20 tags whose name contains q (any case), shortest first. */
export async function findTags(ctx: EditorContext, q: string): Promise<{ tags: { id: number; name: string; slug: string }[] }> {
  const u = ctx.user;
  if (!u.isStaff || !['blog.view_tag', PERMS.addTag, PERMS.add, PERMS.change, 'blog.change_own_post'].some((p) => hasPerm(u, p))) refuse(403, T.mayNotSeeTags);
  const query = q.normalize('NFC').trim().slice(0, 100);
  const where = query ? { name: { contains: query, ...(providerOf(ctx.db) === 'postgresql' ? { mode: 'insensitive' as const } : {}) } } : {};
  const tags = await ctx.db.tag.findMany({ where, select: { id: true, name: true, slug: true }, take: 200, orderBy: { name: 'asc' } });
  // SQLite's LIKE folds ASCII case only; fold the rest here so both databases answer alike.
  const lower = query.toLowerCase();
  const hits = tags.filter((t) => t.name.toLowerCase().includes(lower));
  hits.sort((a, b) => Number(!a.name.toLowerCase().startsWith(lower)) - Number(!b.name.toLowerCase().startsWith(lower)) || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return { tags: hits.slice(0, 20) };
}

/** The tag named `name` (exactly), made when missing with a slug of its own. */
async function findOrCreateTag(db: Db, name: string): Promise<{ id: number; name: string; slug: string; created: boolean }> {
  const found = await db.tag.findUnique({ where: { name }, select: { id: true, name: true, slug: true } });
  if (found) return { ...found, created: false };
  const slug = await uniqueTagSlug(db, slugFromTitle(name) || 'tag');
  try {
    return { ...(await db.tag.create({ data: { name, slug }, select: { id: true, name: true, slug: true } })), created: true };
  } catch (err) {
    if ((err as { code?: string }).code !== 'P2002') throw err;
    // Made at the same moment by someone else (same name), or the slug was: read it, or take another slug.
    const again = await db.tag.findUnique({ where: { name }, select: { id: true, name: true, slug: true } });
    if (again) return { ...again, created: false };
    return { ...(await db.tag.create({ data: { name, slug: await uniqueTagSlug(db, `${slug}-${Date.now().toString(36)}`) }, select: { id: true, name: true, slug: true } })), created: true };
  }
}

async function uniqueTagSlug(db: Db, base: string): Promise<string> {
  const taken = new Set((await db.tag.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((t) => t.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** POST /admin/api/blog/tags {name}: 201 with the new tag, or 200 with the one that has this name already. */
export async function createTag(ctx: EditorContext, input: { name: string }): Promise<{ status: 200 | 201; tag: { id: number; name: string; slug: string } }> {
  if (!ctx.user.isStaff || !hasPerm(ctx.user, PERMS.addTag)) refuse(403, T.mayNotAddTag);
  const [name] = cleanTagNames([input.name]);
  if (!name || name.length > 100) return invalid([{ field: 'tags', message: T.tagName }]);
  const { created, ...tag } = await findOrCreateTag(ctx.db, name);
  if (created) {
    await logAction(ctx.user, { app: 'blog', model: 'Tag' }, [{ objectId: String(tag.id), objectRepr: tag.name }], 'add');
    await revalidateBlog([]);
  }
  return { status: created ? 201 : 200, tag };
}

// ---------------------------------------------------------------------------------------------------------------
// The endpoints

export interface EditorDeps {
  /** The signed-in user (the admin's api-route has checked staff already). */
  user: () => Promise<CurrentUser | null>;
  db: () => Db;
  now?: () => Date;
}

const versionSchema = z.number().int().min(0).max(2147483647);
const saveSchema = z.object({ version: versionSchema, intent: z.enum(['save', 'publish', 'schedule', 'unpublish']), fields: editorFieldsSchema });
const autosaveSchema = z.object({ version: versionSchema, fields: editorFieldsSchema });

/** The body of an autosave: JSON sent as application/json or text/plain (navigator.sendBeacon's Blob may be either). */
function autosaveBody(body: Buffer | undefined, contentType: string | undefined): AutosaveRequest {
  const type = String(contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain') throw new HttpError(415, T.badBodyType);
  let raw: unknown;
  try {
    raw = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new HttpError(400, T.badJson);
  }
  const parsed = autosaveSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The :id of the path as a post id (404 when it cannot be one). */
function idParam(raw: string | undefined): number {
  const id = parsePostId(raw);
  if (id === null) throw new HttpError(404, T.notFound);
  return id;
}

/** The endpoints with their user and database from `deps` (the site's: editorEndpoints; a test's: its own). */
export function editorEndpointsFor(deps: EditorDeps): Endpoint[] {
  const context = async (): Promise<EditorContext> => {
    const user = await deps.user();
    if (!user || !user.isActive) throw new HttpError(401, T.signIn);
    return { db: deps.db(), user, now: deps.now?.() };
  };
  /** Runs a service; its refusals become their status with their JSON body. */
  const run = async <R>(fn: (ctx: EditorContext) => Promise<R>, status = 200): Promise<Reply> => {
    try {
      const result = await fn(await context());
      return result instanceof Reply ? result : new Reply(status, result);
    } catch (err) {
      if (err instanceof EditorRefusal) return new Reply(err.status, err.body, err.status === 503 ? { headers: { 'retry-after': '2' } } : {});
      if (err instanceof PermissionDenied) return new Reply(403, { error: T.mayNotChange });
      throw err;
    }
  };
  const base = '/admin/api/blog';
  return [
    defineEndpoint({
      method: 'POST',
      path: `${base}/posts`,
      permission: PERMS.add,
      input: z.object({ title: z.string().max(300).optional(), format: z.enum(['markdown', 'mdx']).optional() }),
      handler: (req) => run((ctx) => createPost(ctx, req.input), 201),
    }),
    defineEndpoint({
      method: 'POST',
      path: `${base}/posts/:id/autosave`,
      body: 'bytes',
      bodyLimit: EDITOR_BODY_LIMIT,
      handler: (req) => run(async (ctx) => autosavePost(ctx, idParam(req.params.id), autosaveBody(req.body, req.header('content-type')))),
    }),
    defineEndpoint({
      method: 'POST',
      path: `${base}/posts/:id/save`,
      bodyLimit: EDITOR_BODY_LIMIT,
      input: saveSchema,
      handler: (req) => run((ctx) => savePost(ctx, idParam(req.params.id), req.input)),
    }),
    defineEndpoint({
      method: 'POST',
      path: `${base}/posts/:id/discard`,
      handler: (req) => run((ctx) => discardDraft(ctx, idParam(req.params.id))),
    }),
    defineEndpoint({
      method: 'GET',
      path: `${base}/posts/:id/revisions`,
      handler: (req) =>
        run(async (ctx) => {
          const revisions = await listRevisions(idParam(req.params.id), ctx.user, ctx.db);
          if (!revisions) refuse(404, T.notFound);
          return { revisions };
        }),
    }),
    defineEndpoint({
      method: 'GET',
      path: `${base}/posts/:id/revisions/:rid`,
      handler: (req) =>
        run(async (ctx) => {
          const id = idParam(req.params.id);
          const rid = parsePostId(req.params.rid);
          const rev = rid === null ? null : await getRevision(id, rid, ctx.user, ctx.db);
          if (!rev) refuse(404, T.noRevision);
          return rev;
        }),
    }),
    defineEndpoint({
      method: 'POST',
      path: `${base}/posts/:id/revisions/:rid/restore`,
      input: z.object({ version: versionSchema }),
      handler: (req) =>
        run(async (ctx) => {
          const rid = parsePostId(req.params.rid);
          if (rid === null) refuse(404, T.noRevision);
          return restoreRevision(ctx, idParam(req.params.id), rid!, req.input);
        }),
    }),
    defineEndpoint({
      method: 'GET',
      path: `${base}/slug`,
      handler: (req) => run((ctx) => suggestSlug(ctx, req.query.get('title') ?? '', parsePostId(req.query.get('id') ?? ''))),
    }),
    defineEndpoint({
      method: 'GET',
      path: `${base}/tags`,
      handler: (req) => run((ctx) => findTags(ctx, req.query.get('q') ?? '')),
    }),
    defineEndpoint({
      method: 'POST',
      path: `${base}/tags`,
      permission: PERMS.addTag,
      input: z.object({ name: z.string().max(1000) }),
      handler: (req) =>
        run(async (ctx) => {
          const r = await createTag(ctx, req.input);
          return new Reply(r.status, r.tag);
        }),
    }),
  ];
}

/** The editor's endpoints as the site serves them: the request's signed-in user, the admin's database. */
export const editorEndpoints: Endpoint[] = editorEndpointsFor({ user: () => getCurrentUser(), db: () => adminDb() });
