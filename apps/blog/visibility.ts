// Who sees a post: readers see published posts whose time has come; drafts and future posts stay hidden.
export const POST_STATUSES = ['draft', 'published', 'scheduled'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** The status a post gets from its frontmatter or form: draft, or published/scheduled by its date. */
export function statusFor(draft: boolean, publishedAt: Date | null, now = new Date()): PostStatus {
  if (draft) return 'draft';
  return publishedAt && publishedAt.getTime() > now.getTime() ? 'scheduled' : 'published';
}

/** The Prisma filter for posts a reader may see at `now`. */
export function visibleToReaders(now = new Date()) {
  return { status: { in: ['published', 'scheduled'] }, publishedAt: { lte: now } };
}
