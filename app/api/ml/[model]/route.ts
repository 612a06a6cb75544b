// POST /api/ml/<model>: run a demo model (validated JSON in, output + version + inference time out); GET describes it.
// 404 when the ml app is not installed (the registry decides; the app's code is then never loaded).
import { handler, notFound } from '../../../../lib/http';
import { isInstalled } from '../../../../.manifold/registry.client';

export const dynamic = 'force-dynamic';

async function inference() {
  if (!isInstalled('ml')) throw notFound('The ml app is not installed.');
  return import('../../../../apps/ml/inference');
}

export const GET = handler<{ model: string }>(async (_req, { params }) => (await inference()).getModel(params.model));
export const POST = handler(async (req) => (await inference()).runModelRequest(req));
