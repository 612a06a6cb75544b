// Where scripts/build-islands.mjs writes the embed bundle (served from public/).
export const ISLAND_DIR = '_islands';
export const ISLAND_SCRIPT = `/${ISLAND_DIR}/islands.js`;
export const ISLAND_CSS = `/${ISLAND_DIR}/islands.css`;
/** Dispatched on document by a page that replaced its [data-embed] elements after load (the editor's preview frame). */
export const ISLANDS_CHANGED_EVENT = 'manifold:islands-changed';
