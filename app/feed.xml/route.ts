// The site's RSS 2.0 feed; /atom.xml and /feed.json hold the same posts, and each category and tag has all three.
import { siteFeedRoute } from 'manifold/blog/feed';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = 'force-dynamic';

export const GET = siteFeedRoute('rss');
