// POST /api/revalidate: content changed in another process (lib/endpoints.ts); applied here, in Next's cache.
import { nextRoute } from 'manifold/endpoint';
import { revalidateContent } from 'manifold/cache';
import { revalidateEndpoint } from 'manifold/endpoints';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute([revalidateEndpoint], { revalidate: revalidateContent });
