// The props each of this app's embeds accepts, as zod schemas the MDX compiler checks a post's literal props against:
// each demo's contract declares its own (demos/<name>/contract.mjs). No React here: `manage loadcontent` and
// `blog recompile` compile posts and load only this file. Read from the app's own list, not the ml runtime's table,
// because the registry generator loads it before the runtime's extension points exist.
import type { EmbedSchemas } from 'manifold/app';
import { DEMOS } from './demos/index.mjs';

const schemas: EmbedSchemas = Object.fromEntries(await Promise.all(DEMOS.map(async (d) => [d.embed, (await d.contract()).props] as const)));

export default schemas;
