// A post's revisions: one per explicit save ('save', or 'publish' when it made or kept the post public), one per
// restore, and one 'autosave' per sitting (kept up to date while the same person keeps autosaving, so a crash or a
// closed tab loses at most a few seconds). Listing, reading and restoring them, and pruning old ones.
//
// Pruning policy (run after every revision written, per post): publish and restore revisions are kept for ever; of
// the 'save' revisions the newest 50 are kept; autosaves are kept for 7 days, and the newest autosave is always kept.
import 'server-only';
import type { Db } from '../../../lib/db';
import { PermissionDenied, type CurrentUser } from '../../accounts/auth';
import { adminDb } from '../../admin/core/db';
import { loadPost, mayView, parsePostId } from './data';
import type { EditorFields, RevisionDetail, RevisionSummary } from './types';

export type RevisionKind = RevisionSummary['kind'];

export const REVISION_POLICY = {
  /** Newest 'save' revisions kept per post. */
  keepSaves: 50,
  /** Autosaves younger than this are kept (the newest one always is). */
  keepAutosaveDays: 7,
  /** An autosave within this long of the same person's previous one continues the same sitting (updates its revision). */
  sittingMinutes: 10,
} as const;

/** The revision's stored fields (everything but the title and the source, which have their own columns) and the status. */
function fieldsJson(fields: EditorFields, status?: string): string {
  const { title: _title, source: _source, ...rest } = fields;
  return JSON.stringify(status ? { ...rest, status } : rest);
}

/** Writes one revision of `fields` and prunes the post's old ones. */
export async function recordRevision(db: Db, args: { postId: number; authorId: number | null; kind: RevisionKind; fields: EditorFields; status?: string; now?: Date }) {
  const row = await db.revision.create({
    data: { postId: args.postId, authorId: args.authorId, kind: args.kind, title: args.fields.title, source: args.fields.source, fields: fieldsJson(args.fields, args.status), createdAt: args.now ?? new Date() },
    select: { id: true },
  });
  await pruneRevisions(db, args.postId, args.now);
  return row;
}

/**
 * The autosave revision of this sitting: the post's latest revision when it is this user's autosave from less than
 * REVISION_POLICY.sittingMinutes ago (updated in place, its time moved to now), else a new one. Any other revision in
 * between (a save, someone else's autosave) starts a new sitting.
 */
export async function recordAutosave(db: Db, args: { postId: number; authorId: number; fields: EditorFields; status?: string; now?: Date }) {
  const now = args.now ?? new Date();
  const latest = await db.revision.findFirst({ where: { postId: args.postId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, kind: true, authorId: true, createdAt: true } });
  const data = { title: args.fields.title, source: args.fields.source, fields: fieldsJson(args.fields, args.status), createdAt: now };
  if (latest && latest.kind === 'autosave' && latest.authorId === args.authorId && now.getTime() - latest.createdAt.getTime() < REVISION_POLICY.sittingMinutes * 60_000) {
    await db.revision.update({ where: { id: latest.id }, data });
    return { id: latest.id, created: false };
  }
  const row = await recordRevision(db, { postId: args.postId, authorId: args.authorId, kind: 'autosave', fields: args.fields, status: args.status, now });
  return { id: row.id, created: true };
}

/** Applies the pruning policy to one post's revisions; returns how many were deleted. */
export async function pruneRevisions(db: Db, postId: number, now = new Date()): Promise<number> {
  const saves = await db.revision.findMany({ where: { postId, kind: 'save' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: REVISION_POLICY.keepSaves, select: { id: true } });
  const newestAutosave = await db.revision.findFirst({ where: { postId, kind: 'autosave' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
  const cutoff = new Date(now.getTime() - REVISION_POLICY.keepAutosaveDays * 86_400_000);
  const old = await db.revision.findMany({ where: { postId, kind: 'autosave', createdAt: { lt: cutoff }, ...(newestAutosave ? { NOT: { id: newestAutosave.id } } : {}) }, select: { id: true } });
  const ids = [...saves, ...old].map((r) => r.id);
  if (!ids.length) return 0;
  const { count } = await db.revision.deleteMany({ where: { id: { in: ids } } });
  return count;
}

const KINDS: readonly string[] = ['autosave', 'save', 'publish', 'restore'];
const kindOf = (k: string): RevisionKind => (KINDS.includes(k) ? (k as RevisionKind) : 'save');

/** Display names of the users with these ids (name, else email); a deleted account is absent. */
async function namesOf(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (!wanted.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name || u.email]));
}

/** The post, checked: null when missing, PermissionDenied when the user may not view it. */
async function viewablePost(db: Db, postId: number, user: CurrentUser) {
  const post = await loadPost(db, postId);
  if (!post) return null;
  if (!user.isActive || !mayView(user, post)) throw new PermissionDenied('You may not view this post.', 'blog.view_post');
  return post;
}

/** A post's revisions, newest first (null: no such post). Needs view (or view_own/change_own on one's own post). */
export async function listRevisions(postId: number, user: CurrentUser, db: Db = adminDb()): Promise<RevisionSummary[] | null> {
  const id = parsePostId(postId);
  if (id === null || !(await viewablePost(db, id, user))) return null;
  const rows = await db.revision.findMany({ where: { postId: id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, kind: true, createdAt: true, authorId: true, title: true }, take: 500 });
  const names = await namesOf(db, rows.map((r) => r.authorId));
  return rows.map((r) => ({ id: r.id, kind: kindOf(r.kind), at: r.createdAt.toISOString(), by: r.authorId === null ? null : (names.get(r.authorId) ?? null), title: r.title }));
}

/** The stored fields JSON read back, tolerating anything (an old row, a hand-edited one). */
function parseFields(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** One revision of a post with its source and fields (title included), or null when either does not exist. */
export async function getRevision(postId: number, revisionId: number, user: CurrentUser, db: Db = adminDb()): Promise<RevisionDetail | null> {
  const id = parsePostId(postId);
  const rid = parsePostId(revisionId);
  if (id === null || rid === null || !(await viewablePost(db, id, user))) return null;
  const r = await db.revision.findFirst({ where: { id: rid, postId: id } });
  if (!r) return null;
  const names = await namesOf(db, [r.authorId]);
  const fields = { title: r.title, ...parseFields(r.fields) } as Partial<EditorFields> & { status?: string };
  return { id: r.id, kind: kindOf(r.kind), at: r.createdAt.toISOString(), by: r.authorId === null ? null : (names.get(r.authorId) ?? null), title: r.title, source: r.source, fields };
}
