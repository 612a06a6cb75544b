import type { MetadataRoute } from 'next';
import { settings } from 'manifold/settings';

export default function robots(): MetadataRoute.Robots {
  return { rules: [{ userAgent: '*', allow: '/', disallow: ['/admin', '/api'] }], sitemap: `${settings().siteUrl}/sitemap.xml` };
}
