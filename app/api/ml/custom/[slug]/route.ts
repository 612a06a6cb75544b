// POST /api/ml/custom/<slug> runs a model from the model library, GET describes it (manifold/ml/custom/endpoints).
// Through Next, not server.mjs's fast path: the model's rows and files come from the database and the media storage.
// 404 when the ml app is not installed (the registry decides; the app's code is then never loaded).
import { appRoute } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = appRoute('ml', async () => (await import('manifold/ml/custom/endpoints')).siteCustomModelEndpoints());
