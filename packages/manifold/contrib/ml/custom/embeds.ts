// The ml app's embeds: <ModelDemo />, a client component whose server render is the model's example figure; its
// interactive part (demo.client.tsx) is a separate chunk loaded near the viewport.
import type { EmbedRegistry } from '../../../lib/app';
import ModelDemo from './embed.client';

const embeds: EmbedRegistry = { ModelDemo: ModelDemo as unknown as EmbedRegistry[string] };

export default embeds;
