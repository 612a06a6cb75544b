// GET /api/comments?post=<slug> and POST /api/comments: the comments app's API (contrib/comments/endpoints.ts).
// 404 when the comments app is not installed.
import { appRoute } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = appRoute('comments', async () => (await import('manifold/comments/site')).siteCommentEndpoints);
