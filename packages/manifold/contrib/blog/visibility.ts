// Who sees a post: readers see published posts whose time has come and whose source has compiled at least
// once; drafts, future posts and posts with no stored output stay hidden (never listed, counted or linked).
export const POST_STATUSES = ['draft', 'published', 'scheduled'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** The status a post gets from its frontmatter or form: draft, or published/scheduled by its date. */
export function statusFor(draft: boolean, publishedAt: Date | null, now = new Date()): PostStatus {
  if (draft) return 'draft';
  return publishedAt && publishedAt.getTime() > now.getTime() ? 'scheduled' : 'published';
}

/**
 * The Prisma filter for posts a reader may see at `now`. A post whose latest source failed to compile but
 * that compiled before keeps its last good output live (posts.ts); one that never compiled has nothing to
 * show, so it must not appear in a list, a count, the feed, the sitemap or a neighbour link either.
 */
export function visibleToReaders(now = new Date()) {
  return { status: { in: ['published', 'scheduled'] }, publishedAt: { lte: now }, compiledCode: { not: '' } };
}

/**
 * Posts readers do not see at `now` only because their time has not come: the ones visibleToReaders() lets in later,
 * with no write. The earliest of their publishedAt is when what readers see next changes by time alone.
 */
export function visibleLater(now = new Date()) {
  return { ...visibleToReaders(now), publishedAt: { gt: now } };
}
