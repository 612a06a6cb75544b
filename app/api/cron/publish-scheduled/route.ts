// GET|POST /api/cron/publish-scheduled: scheduled posts whose time has come go live (contrib/blog/editor/schedule.ts).
// Called by Vercel Cron (vercel.json; Authorization: Bearer CRON_SECRET) and by the Node server's own timer.
import { nextRoute } from 'manifold/endpoint';
import { getDb } from 'manifold/db';
import { publishScheduledEndpoints } from 'manifold/blog/schedule';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute(publishScheduledEndpoints(getDb));
