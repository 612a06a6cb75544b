// The props each ml embed accepts, as zod schemas the MDX compiler checks a post's literal props against.
// No React here: `manage loadcontent` and `blog recompile` compile posts and load only this file.
import { z } from 'zod';
import type { EmbedSchemas } from '../../lib/app';

/** An embed that takes no props: any prop is a compile error naming it. */
const none = z.object({}).strict();

export default {
  Attention: none,
  Autoencoder: none,
  Convolution: none,
  DaRnn: none,
  Dcgan: none,
  // <GradientDescent lr={0.1} />: the demo clamps to (0, 0.5]; a post asking for more is told so.
  GradientDescent: z.object({ lr: z.number().positive().max(0.5).optional() }).strict(),
  LossCompare: none,
  Timestamp: none,
} satisfies EmbedSchemas;
