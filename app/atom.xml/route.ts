// The site's Atom 1.0 feed (manifold/blog/feed).
import { siteFeedRoute } from 'manifold/blog/feed';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = 'force-dynamic';

export const GET = siteFeedRoute('atom');
