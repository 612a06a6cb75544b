// GET /api/ml: the demo models with their input and output schemas, versions and training metrics.
import { handler } from '../../../lib/http';
import { listModels } from '../../../apps/ml/inference';

export const dynamic = 'force-dynamic';

export const GET = handler(async () => listModels());
