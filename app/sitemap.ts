import type { MetadataRoute } from 'next';
import { listPostSlugs } from 'manifold/blog/data';
import { absolute, homeUrl, postUrl } from 'manifold/blog/urls';
import { settings } from 'manifold/settings';

// Rendered per request (cheap) so that `next build` never needs the database.
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = settings().siteUrl;
  const posts = await listPostSlugs();
  return [{ url: absolute(base, homeUrl('ko')) }, ...posts.map((p) => ({ url: absolute(base, postUrl('ko', p.slug)), lastModified: p.updatedAt }))];
}
