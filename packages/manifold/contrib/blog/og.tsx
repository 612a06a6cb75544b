// GET /og/<slug>.png (app/og/[file]/route.ts): a post's Open Graph and Twitter card image, 1200×630, drawn by next/og
// (satori and resvg's wasm, bundled with Next: nothing fetched at run time) with Pretendard Bold (SIL OFL, kept in
// fonts/ beside its licence: the `pretendard` package is 98 MB installed for this one 1.5 MB file), which has every
// Hangul syllable, so Korean titles come out as text and not as empty boxes.
// The address carries the post's version (og-path.ts): asked with the current one, the image is cached for a year;
// with none or an old one, for an hour. A slug that names no published post, or is not a slug at all, is a 404.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ImageResponse } from 'next/og';
import { siteConfig } from '@site/site.config';
import { getPublishedPost } from './data';
import { OG_IMAGE_HEIGHT, OG_IMAGE_WIDTH } from './og-path';

let font: Buffer | undefined;

/** Pretendard Bold, read once per process from the framework package, wherever npm put it. */
export function ogFont(): Buffer {
  if (!font) {
    const resolve = createRequire(path.join(process.cwd(), 'package.json')).resolve;
    font = fs.readFileSync(path.join(path.dirname(resolve('manifold/package.json')), 'contrib', 'blog', 'fonts', 'Pretendard-Bold.otf'));
  }
  return font;
}

export interface OgCard {
  title: string;
  site: string;
  category?: string | null;
  date?: string | null;
}

/** Smaller type for longer titles, so four lines hold the longest the samples have (about 110 characters). */
function titleSize(title: string): number {
  const n = [...title].length;
  return n <= 24 ? 72 : n <= 48 ? 60 : n <= 80 ? 50 : 42;
}

/**
 * What the card draws of a text: Hangul, Latin, digits, punctuation and spaces, which Pretendard has. Anything else
 * would send next/og to fetch a font or an emoji image from the internet while rendering (a failed emoji fetch fails
 * the whole image), so it is left out.
 */
export function drawable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{Script=Hangul}\p{Script=Latin}\p{Nd}\u0020-\u007e\u00a0-\u00bf\u00d7\u00f7\u2010-\u205e\u3000-\u303f]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The card as a PNG response; `fonts` defaults to Pretendard (a test draws with another to see the difference). */
export function renderOgCard(card: OgCard, init: { headers?: Record<string, string>; fonts?: { name: string; data: Buffer; weight: 700 }[] } = {}): Response {
  const full = drawable(card.title);
  const title = full.length > 160 ? `${full.slice(0, 159)}…` : full;
  return new ImageResponse(
    (
      <div style={{ width: '100%', height: '100%', display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: '64px 72px', background: '#ffffff', color: '#1f2328', fontFamily: 'OgFont' }}>
        <div style={{ display: 'flex', alignItems: 'center', fontSize: 32, color: '#0b57d0' }}>
          <div style={{ width: 20, height: 20, borderRadius: 10, background: '#0b57d0', marginRight: 16 }} />
          {drawable(card.site)}
        </div>
        <div style={{ display: 'flex', fontSize: titleSize(title), lineHeight: 1.25, maxHeight: 4 * 1.25 * titleSize(title), overflow: 'hidden' }}>{title}</div>
        <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 28, color: '#59636e', borderTop: '4px solid #0b57d0', paddingTop: 24 }}>
          <span>{drawable(card.category ?? '')}</span>
          <span>{drawable(card.date ?? '')}</span>
        </div>
      </div>
    ),
    {
      width: OG_IMAGE_WIDTH,
      height: OG_IMAGE_HEIGHT,
      fonts: (init.fonts ?? [{ name: 'OgFont', data: ogFont(), weight: 700 as const }]).map((f) => ({ ...f, name: 'OgFont', style: 'normal' as const })),
      headers: init.headers,
    },
  );
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const UNVERSIONED = 'public, max-age=3600';

function notFound(): Response {
  return new Response('No such post.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/** GET /og/<slug>.png: the route's whole work (Next has decoded the segment). */
export async function ogImageGet(request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  // Hostile names stop here: control characters, separators, dot segments and anything too long to be a slug.
  if (typeof file !== 'string' || !file.endsWith('.png') || file.length > 300) return notFound();
  const slug = file.slice(0, -'.png'.length);
  if (!slug || slug.startsWith('.') || /[\u0000-\u001f\u007f/\\?#%]/.test(slug)) return notFound();
  const post = await getPublishedPost(slug);
  if (!post) return notFound();
  const asked = new URL(request.url).searchParams.get('v');
  return renderOgCard(
    { title: post.seoTitle ?? post.title, site: siteConfig.title, category: post.category?.name ?? null, date: post.publishedAt.slice(0, 10) },
    { headers: { 'cache-control': asked === String(post.version) ? IMMUTABLE : UNVERSIONED, 'x-content-type-options': 'nosniff' } },
  );
}
