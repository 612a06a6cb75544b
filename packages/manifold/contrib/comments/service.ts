// What the comments endpoints and the admin do with comments, on a database they are handed (the site's, or a test's):
// take a reader's comment (checked, rendered, queued), list a post's approved comments as threads, count them per post.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../lib/db';
import { HttpError } from '../../lib/http-guard.mjs';
import { visibleToReaders } from '../blog/visibility';
import { LIMITS_TEXT } from './limits.mjs';
import { countLinks, renderCommentHtml } from './render';

export const COMMENT_STATUSES = ['pending', 'approved', 'spam'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const LIMITS = {
  ...LIMITS_TEXT,
  email: 254,
} as const;

/**
 * What a reader sends. `website` is the honeypot: the form hides it from people (CSS, aria-hidden, no tab stop), so a
 * value there was typed by a program.
 */
export const commentInput = z
  .object({
    post: z.string().min(1).max(300),
    parent: z.number().int().positive().max(2_147_483_647).nullish(),
    name: z.string().max(200).optional(),
    email: z.string().max(LIMITS.email, `email: ${LIMITS.email}자까지입니다 / at most ${LIMITS.email} characters`).optional(),
    body: z.string().max(LIMITS.body * 2),
    website: z.string().max(2000).optional(),
  })
  .strict();
export type CommentInput = z.infer<typeof commentInput>;

/** Who is writing, when someone is signed in (the accounts app's CurrentUser, as much of it as is needed). */
export interface CommentWriter {
  id: number;
  name: string;
  email: string;
  isActive: boolean;
  permissions: ReadonlySet<string>;
  isSuperuser: boolean;
}

export interface CommentDeps {
  db: Db;
  /** The key the writer's address is hashed with (never stored raw): the site's secret. */
  hashKey: () => string;
  /** Days after publication a post takes comments; null: always. */
  closeAfterDays?: number | null;
  now?: () => Date;
}

/** A moderator's own comments need no moderation. */
export const MODERATE = 'comments.change_comment';
const mayModerate = (u: CommentWriter) => u.isSuperuser || u.permissions.has(MODERATE);

const bad = (ko: string, en: string, field?: string) => new HttpError(400, `${ko} / ${en}`, field ? { 'x-field': field } : {});

const EMAIL = z.email();

export function hashAddress(address: string, key: string): string {
  return crypto.createHmac('sha256', key).update(`comments:${address}`).digest('hex').slice(0, 32);
}

export interface CreatedComment {
  id: number;
  status: CommentStatus;
  /** What the writer is told. */
  message: string;
  comment: PublicComment | null;
}

/** Takes a reader's comment. Refusals are HttpErrors (400, 404, 403) a person can act on. */
export async function createComment(deps: CommentDeps, input: CommentInput, ctx: { client: string; user: CommentWriter | null }): Promise<CreatedComment | { discarded: true; message: string }> {
  const now = deps.now?.() ?? new Date();
  // The honeypot: told what a person would be told, so the program learns nothing; nothing is stored.
  if (input.website && input.website.trim()) return { discarded: true, message: PENDING_MESSAGE };
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!body) throw bad('댓글 내용을 입력해 주세요', 'Write something first', 'body');
  if ([...body].length > LIMITS.body) throw bad(`댓글은 ${LIMITS.body}자까지 쓸 수 있습니다`, `A comment is at most ${LIMITS.body} characters`, 'body');
  if (countLinks(body) > LIMITS.links) throw bad(`링크는 ${LIMITS.links}개까지 넣을 수 있습니다`, `A comment may hold at most ${LIMITS.links} links`, 'body');

  const user = ctx.user?.isActive ? ctx.user : null;
  let name: string;
  let email: string;
  if (user) {
    name = (user.name.trim() || user.email.split('@')[0]).slice(0, LIMITS.name);
    email = user.email;
  } else {
    name = (input.name ?? '').replace(/\s+/g, ' ').trim();
    if (!name) throw bad('이름을 입력해 주세요', 'Give a name', 'name');
    if ([...name].length > LIMITS.name) throw bad(`이름은 ${LIMITS.name}자까지입니다`, `A name is at most ${LIMITS.name} characters`, 'name');
    if (countLinks(name) > 0 || /[<>]/.test(name)) throw bad('이름에 링크나 꺾쇠(<, >)는 쓸 수 없습니다', 'A name may not hold links or angle brackets', 'name');
    email = (input.email ?? '').trim();
    if (email && !EMAIL.safeParse(email).success) throw bad('이메일 주소 형식이 올바르지 않습니다 (비워 두어도 됩니다)', 'That email address is not valid (it may be left empty)', 'email');
  }

  const post = await deps.db.post.findFirst({ where: { slug: input.post, ...visibleToReaders(now) }, select: { id: true, slug: true, publishedAt: true } });
  if (!post) throw new HttpError(404, `글을 찾을 수 없습니다 / No published post "${input.post.slice(0, 100)}"`);
  if (!commentsOpen(post.publishedAt, deps.closeAfterDays ?? null, now)) throw new HttpError(403, '이 글은 댓글을 더 받지 않습니다 / This post no longer takes comments');

  let parentId: number | null = null;
  if (input.parent != null) {
    const parent = await deps.db.comment.findFirst({ where: { id: input.parent, postId: post.id, status: 'approved' }, select: { id: true, parentId: true } });
    if (!parent) throw bad('답글을 달 댓글이 없습니다', 'The comment you reply to is not on this post', 'parent');
    // Two levels: a reply to a reply joins its thread.
    parentId = parent.parentId ?? parent.id;
  }

  const status: CommentStatus = user && mayModerate(user) ? 'approved' : 'pending';
  const row = await deps.db.comment.create({
    data: { postId: post.id, parentId, name, email, userId: user?.id ?? null, body, html: renderCommentHtml(body), status, ipHash: hashAddress(ctx.client, deps.hashKey()), createdAt: now },
  });
  return {
    id: row.id,
    status,
    message: status === 'approved' ? APPROVED_MESSAGE : PENDING_MESSAGE,
    comment: status === 'approved' ? toPublic(row) : null,
  };
}

export const PENDING_MESSAGE = '댓글이 등록되었습니다. 관리자가 확인한 뒤 보입니다. / Thanks: your comment will appear once it has been approved.';
export const APPROVED_MESSAGE = '댓글이 게시되었습니다. / Your comment is published.';

export function commentsOpen(publishedAt: Date | null, closeAfterDays: number | null, now: Date): boolean {
  if (closeAfterDays === null || !publishedAt) return true;
  return now.getTime() - publishedAt.getTime() <= closeAfterDays * 86_400_000;
}

/** A comment as readers get it: no email, no address hash, no user id. */
export interface PublicComment {
  id: number;
  name: string;
  html: string;
  createdAt: string;
  replies: PublicComment[];
}

const toPublic = (c: { id: number; name: string; html: string; createdAt: Date }): PublicComment => ({ id: c.id, name: c.name, html: c.html, createdAt: c.createdAt.toISOString(), replies: [] });

/** The approved comments of a visible post as threads (oldest first), or null when there is no such post. */
export async function listComments(deps: Pick<CommentDeps, 'db' | 'now'>, slug: string): Promise<{ count: number; comments: PublicComment[] } | null> {
  const post = await deps.db.post.findFirst({ where: { slug, ...visibleToReaders(deps.now?.() ?? new Date()) }, select: { id: true } });
  if (!post) return null;
  const rows = await deps.db.comment.findMany({
    where: { postId: post.id, status: 'approved' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, parentId: true, name: true, html: true, body: true, createdAt: true },
    take: 2000,
  });
  // A comment loaded from a fixture has no HTML (loaddata never takes it): rendered here, once, from its Markdown.
  for (const r of rows) {
    if (r.html) continue;
    r.html = renderCommentHtml(r.body);
    await deps.db.comment.update({ where: { id: r.id }, data: { html: r.html } });
  }
  const top = new Map<number, PublicComment>();
  for (const r of rows) if (r.parentId === null) top.set(r.id, toPublic(r));
  let count = top.size;
  for (const r of rows) {
    if (r.parentId === null) continue;
    // A reply whose thread is not shown (its top comment was marked spam) is not shown either.
    const thread = top.get(r.parentId);
    if (!thread) continue;
    thread.replies.push(toPublic(r));
    count++;
  }
  return { count, comments: [...top.values()] };
}


/** Moderation: sets the status of the comments named; returns the slugs of the posts whose shown comments changed. */
export async function setStatus(db: Db, ids: number[], status: CommentStatus): Promise<{ count: number; slugs: string[] }> {
  const rows = await db.comment.findMany({ where: { id: { in: ids } }, select: { id: true, post: { select: { slug: true } } } });
  const { count } = await db.comment.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { status } });
  return { count, slugs: [...new Set(rows.map((r) => r.post.slug))] };
}

/** Renders the HTML of comments that have none (or of all): `manage comments render`. Returns how many. */
export async function renderMissingHtml(db: Db, opts: { all?: boolean } = {}): Promise<number> {
  let n = 0;
  let after = 0;
  for (;;) {
    const rows = await db.comment.findMany({ where: { id: { gt: after }, ...(opts.all ? {} : { html: '' }) }, orderBy: { id: 'asc' }, take: 500, select: { id: true, body: true } });
    if (!rows.length) return n;
    for (const r of rows) await db.comment.update({ where: { id: r.id }, data: { html: renderCommentHtml(r.body) } });
    n += rows.length;
    after = rows[rows.length - 1].id;
  }
}
