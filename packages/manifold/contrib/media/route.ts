// GET/HEAD /media/<key> (the site's app/media/[...key]/route.ts): an uploaded file or one of its variants. Only exact
// media keys are looked up (the strict pattern of lib/mdx/images.ts: no `..`, no percent-escapes, no other names), so
// nothing outside the media folder or bucket can be named. Keys are content-addressed, so an answer never changes:
// cached for a year, immutable, with an ETag from the key.
import { MEDIA_CONTENT_TYPES, MEDIA_URL_PREFIX, parseMediaKey } from '../../lib/mdx/images';
import { logger } from '../../lib/log.mjs';
import { mediaStorage, type MediaStorage } from './storage';

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

export async function serveMedia(request: Request, storage: MediaStorage = mediaStorage()): Promise<Response> {
  const pathname = new URL(request.url).pathname;
  const key = pathname.startsWith(MEDIA_URL_PREFIX) ? pathname.slice(MEDIA_URL_PREFIX.length) : '';
  const parsed = parseMediaKey(key);
  if (!parsed) return notFound();
  const etag = `"${parsed.hash}-${parsed.width}x${parsed.height}-${parsed.ext}"`;
  const headers = {
    'content-type': MEDIA_CONTENT_TYPES[parsed.ext],
    'cache-control': 'public, max-age=31536000, immutable',
    etag,
    'x-content-type-options': 'nosniff',
    // An image opened on its own is never a document that runs anything.
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  };
  const inm = request.headers.get('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    if (!(await storage.exists(key))) return notFound();
    return new Response(null, { status: 304, headers });
  }
  let object;
  try {
    object = await storage.get(key);
  } catch (err) {
    logger.error('media storage failed', { key, error: err instanceof Error ? err.message : String(err) });
    return new Response('The media storage is not answering; try again shortly.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '10' } });
  }
  if (!object) return notFound();
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(object.bytes), { status: 200, headers: { ...headers, 'content-length': String(object.bytes.length) } });
}

/** The route file's handler: `export const GET = mediaRoute, HEAD = mediaRoute`. */
export const mediaRoute = (request: Request) => serveMedia(request);
