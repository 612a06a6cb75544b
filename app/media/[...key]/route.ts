// Uploaded images and their variants (the media app): /media/2026/12/<hash>.<W>x<H>.<ext>.
import { mediaRoute } from 'manifold/media/route';

// Files are read per request from the media storage; nothing to prerender at build time.
export const dynamic = 'force-dynamic';

export const GET = mediaRoute;
export const HEAD = mediaRoute;
