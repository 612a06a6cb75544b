import type { MetadataRoute } from 'next';
import { listPostSlugs } from '../apps/blog/data';
import { settings } from '../lib/settings';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = settings().siteUrl;
  const posts = await listPostSlugs();
  return [{ url: `${base}/` }, ...posts.map((p) => ({ url: `${base}/posts/${encodeURIComponent(p.slug)}`, lastModified: p.updatedAt }))];
}
