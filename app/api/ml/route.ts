// GET /api/ml: the demo models with their input and output schemas, versions and training metrics.
// 404 when the ml app is not installed (the registry decides; the app's code is then never loaded).
import { handler, notFound } from '../../../lib/http';
import { isInstalled } from '../../../.manifold/registry.client';

export const dynamic = 'force-dynamic';

export const GET = handler(async () => {
  if (!isInstalled('ml')) throw notFound('The ml app is not installed.');
  const { listModels } = await import('../../../apps/ml/inference');
  return listModels();
});
