// The site.config.ts settings the compiler reads. Read here, in the server's thread, and sent with each compile task
// (lib/mdx/pool.ts), so the worker bundle does not carry the site's config.
import { siteConfig } from '@site/site.config';

/** siteConfig.markdownDisplayMath (default true): in Markdown posts `$$…$$` is display math wherever it stands. */
export function markdownDisplayMath(): boolean {
  return (siteConfig as { markdownDisplayMath?: boolean }).markdownDisplayMath !== false;
}
