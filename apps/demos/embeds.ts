// The MDX embeds of the ml app, one per demo in demos/index.mjs. Each is a client component whose server render is a
// static figure computed at training time (content/models/<name>/preview.json); its interactive part is a separate
// chunk loaded near the viewport and talks to POST /api/ml/<model>.
import type { EmbedRegistry } from 'manifold/app';
import { DEMOS } from './demos/index.mjs';

// Top-level await: the components come through the list's loaders (so the browser bundle reaches no contract or
// model code; define-demo.mjs says why), each embed its own chunk, all fetched together when this module loads.
const embeds: EmbedRegistry = Object.fromEntries(await Promise.all(DEMOS.map(async (d) => [d.embed, (await d.component()).default] as const)));

export default embeds;
