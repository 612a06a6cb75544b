// /sitemap.xml: every published post, category and tag page (manifold/blog/sitemap).
import { sitemap } from 'manifold/blog/sitemap';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = 'force-dynamic';

export default sitemap;
