// GET /api/ml: the demo models with their input and output schemas, versions and training metrics (apps/ml/endpoints.mjs).
// 404 when the ml app is not installed (the registry decides; the app's code is then never loaded).
import { appRoute } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = appRoute('ml', async () => (await import('manifold/ml/endpoints')).mlEndpoints);
