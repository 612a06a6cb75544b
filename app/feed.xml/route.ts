import { buildFeed } from 'manifold/blog/feed';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = "force-dynamic";

export async function GET() {
  return new Response(await buildFeed(), { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
}
