// Where scripts/build-islands.ts writes the embed bundle (served from public/); islands.js and islands.css forward to
// the hashed entries the build names in .manifold/islands-assets.ts.
export const ISLAND_DIR = '_islands';
export const ISLAND_SCRIPT = `/${ISLAND_DIR}/islands.js`;
export const ISLAND_CSS = `/${ISLAND_DIR}/islands.css`;
/** Dispatched on document by a page that replaced its [data-embed] elements after load (the editor's preview frame). */
export const ISLANDS_CHANGED_EVENT = 'manifold:islands-changed';

/** The served addresses of the islands entry and its stylesheet, as the build named them (content hashes). */
export interface IslandAssets {
  script: string;
  css: string;
}

/** The generated module naming the built entries (lib/islands/assets.ts imports it), in the registry's folder. */
export const ISLAND_ASSETS_MODULE = 'islands-assets.ts';

/** The module's text: the built entries, or before any build the forwarders (islands.js, islands.css). */
export function islandAssetsModule(assets: IslandAssets = { script: ISLAND_SCRIPT, css: ISLAND_CSS }): string {
  return `// Written by the islands build (manifold build; \`manage sync\` when missing): the entries' hashed names. Do not edit.\nexport const ISLAND_ASSETS = ${JSON.stringify(assets)} as const;\n`;
}
