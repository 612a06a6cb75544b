// GET /api/ready: readiness (database, migrations, Redis, the installed apps), 503 with a reason when not (lib/endpoints.ts).
import { nextRoute } from 'manifold/endpoint';
import { readyEndpoint } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute([readyEndpoint]);
