// The site's icons and web manifest: /favicon.ico (what browsers ask for unprompted), /icons/icon.svg and the PNG sizes
// home screens want, and /manifest.webmanifest, linked from every reader page's head (views/head.tsx). The images are
// data in icon/icon-data.ts, made once from icon/icon.svg by icon/generate.mjs; a site with its own icon serves its own
// from these routes instead.
import type { MetadataRoute } from 'next';
import { siteConfig } from '@site/site.config';
import { APPLETOUCH_BASE64, FAVICON_BASE64, ICON192_BASE64, ICON512_BASE64, ICON_SVG } from './icon/icon-data';
import { ICON_PATHS } from './urls';

/** The light theme's background (contrib/blog/theme.css; the head's theme-color for light mode). */
const THEME_COLOR = '#ffffff';

/** Icons change with a deploy at most: a day in any cache, a week served stale while one asks again. */
const ICON_CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';

const FILES: Record<string, { type: string; body: () => Uint8Array | string }> = {
  'icon.svg': { type: 'image/svg+xml', body: () => ICON_SVG },
  'apple-touch-icon.png': { type: 'image/png', body: () => Buffer.from(APPLETOUCH_BASE64, 'base64') },
  'icon-192.png': { type: 'image/png', body: () => Buffer.from(ICON192_BASE64, 'base64') },
  'icon-512.png': { type: 'image/png', body: () => Buffer.from(ICON512_BASE64, 'base64') },
};

function file(type: string, body: Uint8Array | string): Response {
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), { headers: { 'content-type': type, 'cache-control': ICON_CACHE_CONTROL, 'x-content-type-options': 'nosniff' } });
}

/** GET /favicon.ico (app/favicon.ico/route.ts). */
export function faviconGet(): Response {
  return file('image/x-icon', Buffer.from(FAVICON_BASE64, 'base64'));
}

/** GET /icons/<name> (app/icons/[name]/route.ts); any other name is a 404. */
export async function iconGet(_request: Request, { params }: { params: Promise<{ name: string }> }): Promise<Response> {
  const { name } = await params;
  const found = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!found) return new Response('No such icon.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return file(found.type, found.body());
}

/** The web manifest (app/manifest.ts: Next serves it as /manifest.webmanifest). */
export function webManifest(): MetadataRoute.Manifest {
  return {
    name: siteConfig.title,
    short_name: siteConfig.title,
    description: siteConfig.description,
    lang: siteConfig.language,
    start_url: '/',
    scope: '/',
    display: 'browser',
    background_color: THEME_COLOR,
    theme_color: THEME_COLOR,
    icons: [
      { src: ICON_PATHS.svg, type: 'image/svg+xml', sizes: 'any' },
      { src: ICON_PATHS.medium, type: 'image/png', sizes: '192x192' },
      { src: ICON_PATHS.large, type: 'image/png', sizes: '512x512' },
    ],
  };
}
