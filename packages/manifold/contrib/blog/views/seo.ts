// What the reader heads need to write absolute addresses and structured data: the site's address (SITE_URL, given to
// every reader page by pages.ts and provided by route.tsx, so no view reads the settings itself), and JSON-LD written
// so that no text in it (a title with "</script>") can end its <script> element (written straight into next/head,
// which takes only plain elements).
import { createContext, useContext } from 'react';
import { absolute } from '../urls';

/** The site's address without a trailing slash; '' leaves addresses relative (a view rendered outside a reader route). */
export const SiteUrlContext = createContext('');

/** The absolute address of a site path, for canonical links, alternates, Open Graph and JSON-LD. */
export function useAbsoluteUrl(): (path: string) => string {
  const siteUrl = useContext(SiteUrlContext);
  return (path) => (siteUrl ? absolute(siteUrl, path) : path);
}

/**
 * JSON for a <script type="application/ld+json">: `<`, `>` and `&` as \u escapes (JSON reads them the same; the HTML
 * parser then never meets "</script" or "<!--"), and the two line separators JavaScript once refused.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
