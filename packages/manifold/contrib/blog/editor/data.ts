// The editor's server-side reading: a post's fields as the editor edits them (EditorFields), its autosaved draft, what
// the user may do with it, and everything the editor page needs in one EditorData (loadEditorData, called by
// view/page.tsx). The write side (create, autosave, save, discard) is api.ts; revisions are revisions.ts.
import 'server-only';
import { z } from 'zod';
import type { Db } from '../../../lib/db';
import { revalidateContent } from '../../../lib/cache';
import { hasPerm, PermissionDenied, type CurrentUser } from '../../accounts/auth';
import { adminDb } from '../../admin/core/db';
import { SITE_TIME_ZONE } from '../../admin/core/tz';
import { blogTags } from '../cache';
import { buildCategoryTree, flattenCategories } from '../queries';
import { postUrl } from '../urls';
import { embedCatalog } from './embed-catalog';
import type { EditorData, EditorFields, EditorPermissions, PostStatus } from './types';

export const PERMS = {
  view: 'blog.view_post',
  add: 'blog.add_post',
  change: 'blog.change_post',
  delete: 'blog.delete_post',
  publish: 'blog.publish_post',
  addTag: 'blog.add_tag',
  uploadMedia: 'media.add_media',
} as const;

/** The admin address of a post's editor. */
export const editUrl = (id: number) => `/admin/blog/post/${id}/change`;

/** The columns loadPost reads: everything EditorFields and EditorData are made of. */
export const POST_SELECT = {
  id: true,
  title: true,
  slug: true,
  source: true,
  format: true,
  excerpt: true,
  categoryId: true,
  coverImage: true,
  seoTitle: true,
  seoDescription: true,
  seriesId: true,
  seriesOrder: true,
  revisedAt: true,
  publishedAt: true,
  status: true,
  version: true,
  updatedAt: true,
  authorId: true,
  compiledCode: true,
  draft: true,
  draftSavedAt: true,
  draftById: true,
  tags: { select: { name: true }, orderBy: { name: 'asc' } },
  author: { select: { name: true, email: true } },
} as const;

export type EditorPost = NonNullable<Awaited<ReturnType<typeof loadPost>>>;

/** One post with what the editor needs, or null when there is none with this id. */
export function loadPost(db: Db, id: number) {
  return db.post.findUnique({ where: { id }, select: POST_SELECT });
}

/** A post id from a URL segment or a number: a positive integer, else null (no post has it). */
export function parsePostId(id: unknown): number | null {
  const s = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
  return /^[1-9]\d{0,9}$/.test(s) && Number(s) <= 2147483647 ? Number(s) : null;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The saved row as the editor's fields. */
export function savedFields(post: EditorPost): EditorFields {
  return {
    title: post.title,
    slug: post.slug,
    source: post.source,
    format: post.format === 'markdown' ? 'markdown' : 'mdx',
    excerpt: post.excerpt,
    categoryId: post.categoryId,
    tags: post.tags.map((t) => t.name),
    coverImage: post.coverImage,
    seoTitle: post.seoTitle,
    seoDescription: post.seoDescription,
    seriesId: post.seriesId,
    seriesOrder: post.seriesOrder,
    revisedAt: iso(post.revisedAt),
    publishedAt: iso(post.publishedAt),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The fields as a request carries them. Shapes only: what a save additionally requires (a title, a free slug, a
// source that compiles) is checked by api.ts with messages per field.

/** Longest source accepted (characters); the JSON bodies that carry it are limited to EDITOR_BODY_LIMIT bytes. */
export const MAX_SOURCE_CHARS = 1_000_000;
export const EDITOR_BODY_LIMIT = 4 * 1024 * 1024;

const isoDate = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && Number.isFinite(Date.parse(s)), {
    message: 'an ISO date-time with its offset (2026-12-03T09:00:00Z) / 시간대가 붙은 ISO 날짜·시각',
  });
const id = z.number().int().min(1).max(2147483647);
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => z.string().max(max).nullable();

export const editorFieldsSchema = z.object({
  title: text(300),
  slug: text(200),
  source: text(MAX_SOURCE_CHARS),
  format: z.enum(['markdown', 'mdx']).optional(),
  excerpt: text(2000),
  categoryId: id.nullable(),
  tags: z.array(z.string().max(100)).max(50),
  coverImage: optionalText(2000),
  seoTitle: optionalText(300),
  seoDescription: optionalText(1000),
  seriesId: id.nullable(),
  seriesOrder: z.number().int().min(0).max(100_000).nullable(),
  revisedAt: isoDate.nullable(),
  publishedAt: isoDate.nullable(),
}) satisfies z.ZodType<EditorFields>;

/** An autosaved draft (Post.draft) read back: the fields it holds over the saved ones, or null when it is not valid. */
export function parseDraft(json: string | null, saved: EditorFields): EditorFields | null {
  if (!json) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  // Field by field, so a draft written before a field existed (or with one bad value) still gives back the rest.
  const out = { ...saved } as Record<string, unknown>;
  const shape = editorFieldsSchema.shape as Record<string, z.ZodType>;
  for (const [key, schema] of Object.entries(shape)) {
    if (!(key in (raw as object))) continue;
    const parsed = schema.safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as unknown as EditorFields;
}

// ---------------------------------------------------------------------------------------------------------------

/** Whether readers can see the post now (published or scheduled and due, compiled at least once). */
export function isVisible(post: { status: string; publishedAt: Date | null; compiledCode?: string }, now = new Date()): boolean {
  return (post.status === 'published' || post.status === 'scheduled') && !!post.publishedAt && post.publishedAt <= now && post.compiledCode !== '';
}

export function publicUrl(post: { slug: string; status: string; publishedAt: Date | null; compiledCode?: string }, now = new Date()): string | null {
  return isVisible(post, now) ? postUrl('ko', post.slug) : null;
}

const owner = (post: { authorId: number | null }) => ({ ownerId: post.authorId });

export function mayView(user: CurrentUser, post: { authorId: number | null }): boolean {
  return user.isStaff && (hasPerm(user, PERMS.view, owner(post)) || hasPerm(user, PERMS.change, owner(post)));
}

export function mayChange(user: CurrentUser, post: { authorId: number | null }): boolean {
  return user.isStaff && hasPerm(user, PERMS.change, owner(post));
}

export function mayPublish(user: CurrentUser): boolean {
  return user.isStaff && hasPerm(user, PERMS.publish);
}

export function editorPermissions(user: CurrentUser, post: { authorId: number | null }): EditorPermissions {
  return {
    publish: mayPublish(user),
    change: mayChange(user, post),
    delete: user.isStaff && hasPerm(user, PERMS.delete, owner(post)),
    addTag: user.isStaff && hasPerm(user, PERMS.addTag),
    uploadMedia: user.isStaff && hasPerm(user, PERMS.uploadMedia),
  };
}

const statusOf = (s: string): PostStatus => (s === 'published' || s === 'scheduled' ? s : 'draft');

/**
 * Everything the editor page hands its client component, for post `id`: null when there is no such post; throws
 * PermissionDenied when the user may not view it (an owner-limited Author and someone else's post). A user who may
 * view but not change gets `permissions.change` false (the page is then read-only).
 */
export async function loadEditorData(id: number | string, user: CurrentUser, lang: 'ko' | 'en', db: Db = adminDb()): Promise<EditorData | null> {
  const postId = parsePostId(id);
  if (postId === null) return null;
  const post = await loadPost(db, postId);
  if (!post) return null;
  if (!user.isActive || !mayView(user, post)) throw new PermissionDenied(`You may not view this post.`, PERMS.view);
  const saved = savedFields(post);
  const draft = parseDraft(post.draft, saved);
  const [tree, series, embeds] = await Promise.all([buildCategoryTree(db), db.series.findMany({ select: { id: true, title: true }, orderBy: { title: 'asc' } }), embedCatalog()]);
  return {
    post: {
      id: post.id,
      status: statusOf(post.status),
      version: post.version,
      url: publicUrl(post),
      updatedAt: post.updatedAt.toISOString(),
      authorName: post.author ? post.author.name || post.author.email : null,
    },
    fields: draft ?? saved,
    saved,
    draftSavedAt: draft ? iso(post.draftSavedAt) : null,
    categories: flattenCategories(tree).map((c) => ({ id: c.id, name: c.name, depth: c.path.length - 1 })),
    series,
    embeds,
    permissions: editorPermissions(user, post),
    timeZone: SITE_TIME_ZONE,
    lang,
  };
}

/** Clears the cached reader pages after a change to posts `slugs` (any page may show a title, a count or a neighbour). */
export async function revalidateBlog(slugs: string[]): Promise<void> {
  await revalidateContent({ tags: [blogTags.posts, blogTags.categories, blogTags.tags, ...slugs.map(blogTags.post)], paths: ['/'], posts: slugs });
}
