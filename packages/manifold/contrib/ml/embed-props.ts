// The props schema of the ml app's one embed, <ModelDemo /> (custom/props.mjs): the MDX compiler checks a post's
// literal props against it. No React here (the compiler imports this module alone through registry.compile.ts).
import type { EmbedSchemas } from '../../lib/app';
import { props } from './custom/props.mjs';

const schemas: EmbedSchemas = { ModelDemo: props as unknown as EmbedSchemas[string] };

export default schemas;
