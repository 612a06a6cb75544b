// POST /api/ml/<model> runs a demo model, GET describes it (apps/ml/endpoints.mjs).
import { nextRoute } from '../../../../lib/endpoint.mjs';
import { mlEndpoints } from '../../../../apps/ml/endpoints.mjs';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute(mlEndpoints);
