// The props each ml embed accepts, as zod schemas the MDX compiler checks a post's literal props against: each
// demo's contract declares its own (demos/<name>/contract.mjs). No React here: `manage loadcontent` and
// `blog recompile` compile posts and load only this file.
import type { EmbedSchemas } from '../../lib/app';
import { EMBED_PROPS } from './contract.mjs';

export default EMBED_PROPS satisfies EmbedSchemas;
