// The media URL scheme and the rehype step that turns a post's images into responsive ones. An uploaded image's URL
// carries its size — /media/2026/12/<sha256-16>.<W>x<H>.<ext> — and its WebP variants are named the same way, so the
// compiler writes srcset, sizes, width and height (no layout shift) without asking the database. A click zooms with
// the browser's popover (a <button popovertarget>): no JavaScript on the reader page. Browser-safe, no app imports:
// the media app (contrib/media) makes files under this scheme; this module only reads URLs.
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Widths of the WebP variants made of each upload (only those narrower than the original: never upscaled). */
export const MEDIA_WIDTHS = [480, 960, 1600, 2400] as const;

/** Where uploads are served (app/media/[...key]/route.ts). */
export const MEDIA_URL_PREFIX = '/media/';

/** Original or variant: year/month/hash.WxH.ext — nothing else is a media key (no dots, slashes or `..` elsewhere). */
export const MEDIA_KEY = /^(\d{4})\/(0[1-9]|1[0-2])\/([0-9a-f]{16})\.([1-9]\d{0,4})x([1-9]\d{0,4})\.(jpg|png|webp|gif|avif)$/;

export const MEDIA_CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

export interface MediaKey {
  key: string;
  prefix: string;
  hash: string;
  width: number;
  height: number;
  ext: string;
}

/** Reads a storage key (not a URL); null for anything that is not exactly a media key. */
export function parseMediaKey(key: string): MediaKey | null {
  const m = MEDIA_KEY.exec(key);
  if (!m) return null;
  return { key, prefix: `${m[1]}/${m[2]}`, hash: m[3], width: Number(m[4]), height: Number(m[5]), ext: m[6] };
}

/** The key of a URL under /media/ (a path, optionally with ?query or #hash), or null. */
export function mediaKeyFromUrl(url: string): MediaKey | null {
  if (!url.startsWith(MEDIA_URL_PREFIX)) return null;
  return parseMediaKey(url.slice(MEDIA_URL_PREFIX.length).replace(/[?#].*$/, ''));
}

export const mediaUrl = (key: string) => `${MEDIA_URL_PREFIX}${key}`;

export function mediaKey(prefix: string, hash: string, width: number, height: number, ext: string): string {
  return `${prefix}/${hash}.${width}x${height}.${ext}`;
}

/** The sizes of the variants of a width×height original, smallest first; the height keeps the ratio, rounded. */
export function mediaVariantSizes(width: number, height: number): { width: number; height: number }[] {
  return MEDIA_WIDTHS.filter((w) => w < width).map((w) => ({ width: w, height: Math.max(1, Math.round((height * w) / width)) }));
}

/** The variants' keys of an original's key. */
export function mediaVariantKeys(original: MediaKey): { key: string; width: number; height: number }[] {
  return mediaVariantSizes(original.width, original.height).map((s) => ({ ...s, key: mediaKey(original.prefix, original.hash, s.width, s.height, 'webp') }));
}

/** srcset of an original: its variants, then itself. */
export function mediaSrcSet(original: MediaKey): string {
  return [...mediaVariantKeys(original), original].map((v) => `${mediaUrl(v.key)} ${v.width}w`).join(', ');
}

/** The reading column is 46rem (contrib/blog/theme.css --content); narrower screens show images full width. */
export const POST_IMAGE_SIZES = '(max-width: 46rem) 100vw, 46rem';

const ZOOM_IMAGE_STYLE = 'max-width:96vw;max-height:92vh;width:auto;height:auto;display:block';

/**
 * rehype: an <img> whose src is a media URL gets loading=lazy, decoding=async, its width and height (unless the
 * author gave them), srcset and sizes, and is wrapped in a zoom button whose popover shows it
 * large. An image inside a link keeps the link and gets no zoom (a button may not sit inside an <a>).
 */
export function rehypeMediaImages() {
  return (tree: Root) => {
    let n = 0;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img') return;
      const p = node.properties;
      const key = typeof p.src === 'string' ? mediaKeyFromUrl(p.src) : null;
      // Other images stay as the author wrote them (their size is unknown; lazy loading without it shifts the layout).
      if (!key) return;
      p.loading = 'lazy';
      p.decoding = 'async';
      if (p.width === undefined && p.height === undefined) {
        p.width = key.width;
        p.height = key.height;
      }
      p.srcSet = mediaSrcSet(key);
      p.sizes = POST_IMAGE_SIZES;
      const inside = parent && parent.type === 'element' ? parent.tagName : null;
      if (!parent || index === undefined || inside === 'a' || inside === 'button') return;
      const id = `zoom-${key.hash}-${++n}`;
      const alt = typeof p.alt === 'string' ? p.alt : '';
      const zoomed: Element = {
        type: 'element',
        tagName: 'img',
        properties: { src: p.src, srcSet: p.srcSet, sizes: '96vw', alt, width: key.width, height: key.height, loading: 'lazy', decoding: 'async', style: ZOOM_IMAGE_STYLE },
        children: [],
      };
      const wrapper: ElementContent[] = [
        {
          type: 'element',
          tagName: 'button',
          properties: { type: 'button', className: ['media-zoom'], popoverTarget: id, ariaLabel: alt ? `${alt} — 크게 보기 / zoom` : '크게 보기 / zoom' },
          children: [node],
        },
        // A span (not a div): the image usually sits in a <p>, where a block element would end the paragraph.
        { type: 'element', tagName: 'span', properties: { id, popover: 'auto', className: ['media-zoom-view'] }, children: [zoomed] },
      ];
      parent.children.splice(index, 1, ...wrapper);
      // Skip the two nodes just inserted (the image inside the button must not be wrapped again).
      return index + 2;
    });
  };
}
