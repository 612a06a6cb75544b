// GET /api/search?q=&limit=&offset=: the blog's full-text search as JSON (contrib/blog/search/endpoint.ts).
// 404 when the blog app is not installed.
import { appRoute } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = appRoute('blog', async () => (await import('manifold/blog/search/endpoint')).searchEndpoints);
