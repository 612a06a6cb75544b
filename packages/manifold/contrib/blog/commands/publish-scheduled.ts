// `manage blog publish-scheduled`: scheduled posts whose time has come become published (run it from cron).
// Readers already see a scheduled post once its publishedAt passes; this makes the status say so too,
// for the admin's lists, filters and anything else that goes by status.
import 'server-only';
import type { Db } from '../../../lib/db';

export interface PublishedPost {
  id: number;
  slug: string;
  title: string;
  publishedAt: Date | null;
}

/** Publishes every scheduled post with publishedAt <= now, in one transaction; returns them. */
export async function publishScheduled(db: Db, now = new Date(), opts: { dryRun?: boolean } = {}): Promise<PublishedPost[]> {
  const due = { status: 'scheduled', publishedAt: { lte: now } };
  const select = { id: true, slug: true, title: true, publishedAt: true } as const;
  if (opts.dryRun) return db.post.findMany({ where: due, select, orderBy: { publishedAt: 'asc' } });
  return db.$transaction(async (tx) => {
    const posts = await tx.post.findMany({ where: due, select, orderBy: { publishedAt: 'asc' } });
    if (posts.length) {
      await tx.post.updateMany({ where: { ...due, id: { in: posts.map((p) => p.id) } }, data: { status: 'published', version: { increment: 1 } } });
    }
    return posts;
  });
}
