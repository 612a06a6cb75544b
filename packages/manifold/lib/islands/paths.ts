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
  /** The stylesheet's text, for pages that write it in (the post head); null before a build (then it is linked). */
  cssText: string | null;
}

/** The generated module naming the built entries (lib/islands/assets.ts imports it), in the registry's folder. */
export const ISLAND_ASSETS_MODULE = 'islands-assets.ts';

/** The module's text: the built entries, or before any build the forwarders (islands.js, islands.css). */
export function islandAssetsModule(assets: IslandAssets = { script: ISLAND_SCRIPT, css: ISLAND_CSS, cssText: null }): string {
  return `// Written by the islands build (manifold build; \`manage sync\` when missing): the entries' hashed names. Do not edit.\nexport const ISLAND_ASSETS: { script: string; css: string; cssText: string | null } = ${JSON.stringify(assets)};\n`;
}

/**
 * The inline script a page with embeds carries instead of a <script src> for the islands runtime: it imports the
 * runtime (React and the loader, some 60 KB compressed) only once an embed comes within 600 px of the viewport (the
 * runtime then hydrates each within 300 px), so a reader who never reaches a demo never downloads it, and the first
 * paint never shares the network with it. Without IntersectionObserver it imports at once.
 */
export function islandsLoaderScript(script: string): string {
  return `(()=>{const go=()=>{const e=document.querySelectorAll("[data-embed]");if(!e.length)return;const l=()=>import(${JSON.stringify(script)});if(!("IntersectionObserver"in window))return void l();const o=new IntersectionObserver((s)=>{if(s.some((x)=>x.isIntersecting)){o.disconnect();l()}},{rootMargin:"600px 0px"});e.forEach((x)=>o.observe(x))};document.readyState==="loading"?document.addEventListener("DOMContentLoaded",go):go()})()`;
}
