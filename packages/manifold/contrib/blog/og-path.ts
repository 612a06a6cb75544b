// The address of a post's generated Open Graph image (og.tsx draws it): keyed by the post's version, so a changed
// title gets a new address and the old image may be kept a year by every cache that saw it.
// (urls.ts encodes path segments the same way.)

export const OG_IMAGE_WIDTH = 1200;
export const OG_IMAGE_HEIGHT = 630;

/** /og/<slug>.png?v=<version>, the path (views/head.tsx makes it absolute). */
export function ogImagePath(post: { slug: string; version: number }): string {
  return `/og/${encodeURIComponent(post.slug)}.png?v=${post.version}`;
}
