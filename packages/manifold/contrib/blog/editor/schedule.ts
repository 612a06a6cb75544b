// Scheduled posts going live by themselves. publishDueScheduled() publishes each due post with its own conditional
// update (still scheduled, still due), so when several processes run it at the same moment each post is published
// exactly once and only the process that won it logs and revalidates. Three callers: the Node server's own timer
// (contrib/blog/node.mjs calls this process's cron route every 15 s and at the next due time), Vercel's cron
// (GET /api/cron/publish-scheduled with CRON_SECRET) and `manage blog publish-scheduled`.
import 'server-only';
import crypto from 'node:crypto';
import type { Db } from '../../../lib/db';
import { defineEndpoint, type Endpoint } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { revalidateContent } from '../../../lib/cache';
import { logger } from '../../../lib/log.mjs';
import { settings } from '../../../lib/settings';
import { revalidateBlog } from './data';

export interface PublishedPost {
  id: number;
  slug: string;
  title: string;
  publishedAt: Date | null;
}

export interface ScheduleRun {
  /** The posts this call published (another process may have published others at the same moment). */
  published: PublishedPost[];
  /** When the next scheduled post is due, for the caller's timer; null when none is scheduled. */
  nextDueAt: Date | null;
}

/**
 * Publishes every scheduled post whose time has come, one conditional update each; returns the ones this call won
 * and when the next is due. `revalidate: false` leaves telling the server to the caller, `log: false` the server log
 * lines (the manage command prints its own); the action log (LogEntry) is always written.
 */
export async function publishDueScheduled(db: Db, now = new Date(), opts: { revalidate?: boolean; log?: boolean } = {}): Promise<ScheduleRun> {
  const due = { status: 'scheduled', publishedAt: { lte: now } };
  const candidates = await db.post.findMany({ where: due, select: { id: true, slug: true, title: true, publishedAt: true }, orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }] });
  const published: PublishedPost[] = [];
  for (const post of candidates) {
    // The guard is the whole lock: of the processes reaching this row, exactly one sees count 1.
    const { count } = await db.post.updateMany({ where: { id: post.id, ...due }, data: { status: 'published', version: { increment: 1 } } });
    if (count === 1) published.push(post);
  }
  if (published.length) {
    await db.logEntry.createMany({
      data: published.map((p) => ({ userId: null, userEmail: '', app: 'blog', model: 'Post', objectId: String(p.id), objectRepr: p.title.slice(0, 200), action: 'change', changeMessage: JSON.stringify({ action: 'publish_scheduled' }) })),
    });
    if (opts.log !== false) for (const p of published) logger.info('published a scheduled post', { id: p.id, slug: p.slug, due: p.publishedAt?.toISOString() });
    if (opts.revalidate !== false) await revalidateBlog(published.map((p) => p.slug));
  }
  const next = await db.post.findFirst({ where: { status: 'scheduled', publishedAt: { gt: now } }, orderBy: { publishedAt: 'asc' }, select: { publishedAt: true } });
  return { published, nextDueAt: next?.publishedAt ?? null };
}

/**
 * The per-process secret the Node server's timer (node.mjs, same process) sends to the cron route: made by node.mjs
 * and kept on globalThis, as the page cache is (server.mjs), because both the timer and Next's bundle of the route
 * run in this one process and share nothing else.
 */
const INTERNAL_TOKEN_KEY = '__manifoldCronToken';
const LAST_RUN_KEY = '__manifoldCronLastRun';

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/** Refuses (401/403) a cron call without `Authorization: Bearer <CRON_SECRET>` or this process's internal token. */
export function checkCronAuthorization(header: string | undefined): void {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw new HttpError(401, 'Send Authorization: Bearer <CRON_SECRET>.', { 'www-authenticate': 'Bearer' });
  const internal = (globalThis as Record<string, unknown>)[INTERNAL_TOKEN_KEY];
  const secrets = [settings().cronSecret, typeof internal === 'string' && internal.length >= 32 ? internal : undefined].filter((s): s is string => !!s);
  if (!secrets.length) throw new HttpError(403, 'Cron routes are off: set CRON_SECRET.');
  if (!secrets.some((s) => sameSecret(m[1], s))) throw new HttpError(403, 'The cron secret is wrong.');
}

/**
 * GET (Vercel Cron) or POST /api/cron/publish-scheduled: publishes what is due; answers how many this call
 * published and when the next post is due (the Node timer sets itself to that time).
 */
export function publishScheduledEndpoints(db: () => Db): Endpoint[] {
  const spec = {
    path: '/api/cron/publish-scheduled',
    permission: (req: { header: (name: string) => string | undefined }) => checkCronAuthorization(req.header('authorization')),
    handler: async () => {
      const now = new Date();
      const g = globalThis as Record<string, unknown>;
      const last = g[LAST_RUN_KEY] instanceof Date ? (g[LAST_RUN_KEY] as Date) : null;
      const run = await publishDueScheduled(db(), now);
      // Another process may have won a post that fell due since this one last asked: its page cache is per process,
      // so this process clears its own (the database and the log were the winner's business).
      if (!run.published.length && last) {
        const cameDue = await db().post.count({ where: { status: { in: ['published', 'scheduled'] }, publishedAt: { gt: last, lte: now } } });
        if (cameDue) await revalidateContent();
      }
      g[LAST_RUN_KEY] = now;
      return { published: run.published.map((p) => ({ id: p.id, slug: p.slug })), nextDueAt: run.nextDueAt?.toISOString() ?? null };
    },
  };
  return [defineEndpoint({ method: 'GET', ...spec }), defineEndpoint({ method: 'POST', ...spec })];
}
