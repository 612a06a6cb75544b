// GET /api/health: liveness and database reachability (lib/endpoints.ts).
import { nextRoute } from '../../../lib/endpoint.mjs';
import { healthEndpoint } from '../../../lib/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute([healthEndpoint]);
