// POST /api/ml/<model>: run a demo model (validated JSON in, output + version + inference time out); GET describes it.
import { handler } from '../../../../lib/http';
import { getModel, runModelRequest } from '../../../../apps/ml/inference';

export const dynamic = 'force-dynamic';

export const GET = handler<{ model: string }>(async (_req, { params }) => getModel(params.model));
export const POST = handler(async (req) => runModelRequest(req));
