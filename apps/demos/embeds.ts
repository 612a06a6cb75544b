// The MDX embeds of the ml app, one per demo in demos/index.mjs. Each is a client component whose server render is a
// static figure computed at training time (content/models/<name>/preview.json); its interactive part is a separate
// chunk loaded near the viewport and talks to POST /api/ml/<model>.
import { lazy } from 'react';
import type { EmbedRegistry } from 'manifold/app';
import { DEMOS } from './demos/index.mjs';

// The components come through the list's loaders (so the browser bundle reaches no contract or model code;
// define-demo.mjs says why), each embed its own chunk. The server renders them all, so it awaits them here (top-level
// await). In the browser each is React.lazy: a post fetches the chunk of the embeds it hydrates and none of the
// others' (their figures carry their previews, several KB each). The islands loader hydrates the lazy component as
// the root; React keeps the server HTML until the chunk has come, then hydrates it as usual.
const embeds: EmbedRegistry =
  typeof window === 'undefined'
    ? Object.fromEntries(await Promise.all(DEMOS.map(async (d) => [d.embed, (await d.component()).default] as const)))
    : Object.fromEntries(DEMOS.map((d) => [d.embed, lazy(d.component)]));

export default embeds;
