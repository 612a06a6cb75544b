// The islands entry and stylesheet as the last build named them (content hashes: a year in browsers' caches), for
// the pages that link them (the blog's post head, which writes the stylesheet into the page: no request before the
// first paint). The build writes the module; `manage sync` writes one naming the
// forwarders (islands.js, islands.css) when there is none yet, so the project typechecks and runs before a build.
import { ISLAND_ASSETS } from '@site/.manifold/islands-assets';
import { islandsLoaderScript } from './paths';

export const ISLAND_BUNDLE_SCRIPT: string = ISLAND_ASSETS.script;
export const ISLAND_BUNDLE_CSS: string = ISLAND_ASSETS.css;
/** The stylesheet's text (url()s absolute, safe in <style>), null before a build. */
export const ISLAND_BUNDLE_CSS_TEXT: string | null = ISLAND_ASSETS.cssText;
/** The inline script that imports the runtime when an embed nears the viewport (paths.ts, islandsLoaderScript). */
export const ISLAND_LOADER_SCRIPT: string = islandsLoaderScript(ISLAND_ASSETS.script);
