// GET /api/health: liveness and database reachability (lib/endpoints.ts).
import { nextRoute } from 'manifold/endpoint';
import { healthEndpoint } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute([healthEndpoint]);
