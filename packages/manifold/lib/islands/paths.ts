// Where scripts/build-islands.mjs writes the embed bundle (served from public/).
export const ISLAND_DIR = '_islands';
export const ISLAND_SCRIPT = `/${ISLAND_DIR}/islands.js`;
export const ISLAND_CSS = `/${ISLAND_DIR}/islands.css`;
