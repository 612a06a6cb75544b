// The site's JSON Feed 1.1 (manifold/blog/feed).
import { siteFeedRoute } from 'manifold/blog/feed';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = 'force-dynamic';

export const GET = siteFeedRoute('json');
