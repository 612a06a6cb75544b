// The islands entry and stylesheet as the last build named them (content hashes: a year in browsers' caches), for
// the pages that link them (the blog's post head). The build writes the module; `manage sync` writes one naming the
// forwarders (islands.js, islands.css) when there is none yet, so the project typechecks and runs before a build.
import { ISLAND_ASSETS } from '@site/.manifold/islands-assets';

export const ISLAND_BUNDLE_SCRIPT: string = ISLAND_ASSETS.script;
export const ISLAND_BUNDLE_CSS: string = ISLAND_ASSETS.css;
