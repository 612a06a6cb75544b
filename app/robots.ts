import type { MetadataRoute } from 'next';
import { settings } from 'manifold/settings';

// Per request, like the sitemap: the sitemap's address comes from SITE_URL as the server has it, not as `next build` did.
export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  return { rules: [{ userAgent: '*', allow: '/', disallow: ['/admin', '/api'] }], sitemap: `${settings().siteUrl}/sitemap.xml` };
}
