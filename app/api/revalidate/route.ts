// POST /api/revalidate: content changed in another process (lib/endpoints.ts); applied here, in Next's cache.
import { nextRoute } from '../../../lib/endpoint.mjs';
import { revalidateContent } from '../../../lib/cache';
import { revalidateEndpoint } from '../../../lib/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute([revalidateEndpoint], { revalidate: revalidateContent });
