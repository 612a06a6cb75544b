// The attention demo's contract: what POST /api/ml/attention accepts (a zod schema whose messages a person can act on),
// the API's limits for it, and the props of <Attention />. Plain ESM with JSDoc: the fast path in server.mjs loads it
// in plain Node; the Next route, the compiler and `manage train` through ../../contract.mjs.
import { z } from 'zod';
import { describe } from 'manifold/ml/input';

export const ATTENTION_MAX_LENGTH = 8;
export const attentionInput = z
  .object({
    text: z
      .string({ error: (iss) => `text must be a string, got ${describe(iss.input)}` })
      .min(1, 'text must not be empty')
      .max(ATTENTION_MAX_LENGTH, `text must be at most ${ATTENTION_MAX_LENGTH} characters`)
      .regex(/^[a-z0-9]+$/, 'text may use only lowercase letters a–z and digits 0–9'),
  })
  .strict();

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'Transformer encoder that reverses strings',
  description: 'Reverses up to 8 lowercase letters or digits and returns every head’s attention map.',
  input: attentionInput,
  maxBytes: 2 * 1024,
  example: { text: 'manifold' },
  output: { output: 'the reversed string', attention: '[layer][head][query][key]', confidence: '[per position]' },
  cost: () => 1,
  batchBudget: 64,
};

/** <Attention /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
