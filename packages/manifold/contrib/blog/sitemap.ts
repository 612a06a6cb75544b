// The sitemap: every page readers can reach that is worth listing — the home page, each published post, each category
// and tag with a published post — in Korean with its English alternate, each with its last modification
// (seo-queries.ts: the newest post it shows). Paginated lists and search results are left out.
import type { MetadataRoute } from 'next';
import { settings } from '../../lib/settings';
import { LANGS, type Lang } from '../../lib/i18n';
import { getSitemap } from './data';
import type { SitemapSource } from './seo-queries';
import { absolute, categoryUrl, homeUrl, postUrl, tagUrl } from './urls';

/** The sitemap's entries for what `source` lists: one per page and language, each naming every language's address. */
export function sitemapEntries(source: SitemapSource, siteUrl: string): MetadataRoute.Sitemap {
  const page = (urlIn: (lang: Lang) => string, lastModified: Date | null, priority?: number): MetadataRoute.Sitemap => {
    const languages = Object.fromEntries(LANGS.map((l) => [l, absolute(siteUrl, urlIn(l))]));
    return LANGS.map((lang) => ({
      url: absolute(siteUrl, urlIn(lang)),
      ...(lastModified ? { lastModified } : {}),
      ...(priority !== undefined ? { priority } : {}),
      alternates: { languages },
    }));
  };
  return [
    ...page((l) => homeUrl(l), source.latest, 1),
    ...source.posts.flatMap((p) => page((l) => postUrl(l, p.slug), p.modifiedAt, 0.8)),
    ...source.categories.flatMap((c) => page((l) => categoryUrl(l, c.path), c.modifiedAt, 0.5)),
    ...source.tags.flatMap((t) => page((l) => tagUrl(l, t.slug), t.modifiedAt, 0.3)),
  ];
}

/** app/sitemap.ts's default export. */
export async function sitemap(): Promise<MetadataRoute.Sitemap> {
  return sitemapEntries(await getSitemap(), settings().siteUrl);
}
