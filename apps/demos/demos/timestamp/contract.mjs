// The timestamp demo's contract: it has no model and no API (the browser computes it), only the props of <Timestamp />.
// Plain ESM, like every demo's contract.
import { z } from 'zod';

/** <Timestamp /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
