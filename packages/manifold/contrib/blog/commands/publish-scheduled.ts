// `manage blog publish-scheduled`: scheduled posts whose time has come become published (run it from cron).
// Readers already see a scheduled post once its publishedAt passes; this makes the status say so too,
// for the admin's lists, filters and anything else that goes by status.
import 'server-only';
import type { Db } from '../../../lib/db';
import type { PublishedPost } from '../editor/schedule';

export type { PublishedPost };

/**
 * Publishes every scheduled post with publishedAt <= now (editor/schedule.ts' publishDueScheduled: one conditional
 * update per post, so a server's own timer running at the same moment never publishes one twice); returns the ones
 * this call published. The command tells the server itself (tellServer), so no revalidation here.
 */
export async function publishScheduled(db: Db, now = new Date(), opts: { dryRun?: boolean } = {}): Promise<PublishedPost[]> {
  const due = { status: 'scheduled', publishedAt: { lte: now } };
  const select = { id: true, slug: true, title: true, publishedAt: true } as const;
  if (opts.dryRun) return db.post.findMany({ where: due, select, orderBy: { publishedAt: 'asc' } });
  const { publishDueScheduled } = await import('../editor/schedule');
  return (await publishDueScheduled(db, now, { revalidate: false, log: false })).published;
}
