// The da-rnn demo's contract: what POST /api/ml/da-rnn accepts (a zod schema whose messages a person can act on), the
// API's limits for it, and the props of <DaRnn />. Plain ESM with JSDoc: the fast path in server.mjs loads it in plain
// Node; the Next route, the compiler and `manage train` through ../../contract.mjs.
import { z } from 'zod';
import { num, list, vector } from 'manifold/ml/input';

/** The encoder window and the length of the held-out test period (10 days of 10-minute readings); checked against the trained model by a test. */
export const DA_RNN = /** @type {const} */ ({ window: 10, testLength: 1440, sensors: ['outdoor', 'solar', 'heater', 'occupancy', 'window', 'humidity', 'noise-a', 'noise-b'] });
const sensorId = z.enum(DA_RNN.sensors, { error: `a sensor is one of ${DA_RNN.sensors.join(', ')}` });
export const daRnnInput = z
  .object({
    start: z.number().int('start must be a whole number').min(0, 'start must be at least 0').optional(),
    length: z.number().int('length must be a whole number').min(1, 'length must be at least 1').max(288, 'length must be at most 288 (two days)').optional(),
    disable: z.array(sensorId).max(DA_RNN.sensors.length).optional(),
    inputs: list(vector(DA_RNN.sensors.length, `${DA_RNN.sensors.length} sensor readings`), DA_RNN.window, DA_RNN.window, 'time steps').optional(),
    history: list(num(), DA_RNN.window - 1, DA_RNN.window - 1, 'past indoor temperatures').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const range = v.start !== undefined || v.length !== undefined;
    const raw = v.inputs !== undefined || v.history !== undefined;
    if (range === raw) {
      ctx.addIssue({
        code: 'custom',
        message: `send either "start" and "length" (a stretch of the test period) or "inputs" (${DA_RNN.window} rows of ${DA_RNN.sensors.length} sensor readings) and "history" (${DA_RNN.window - 1} indoor temperatures)`,
      });
    } else if (range) {
      if (v.start === undefined || v.length === undefined) ctx.addIssue({ code: 'custom', message: 'send both "start" and "length"' });
      else if (v.start + v.length > DA_RNN.testLength - DA_RNN.window)
        ctx.addIssue({ code: 'custom', path: ['start'], message: `start + length must be at most ${DA_RNN.testLength - DA_RNN.window}, the number of predictions in the test period` });
    } else if (!v.inputs || !v.history) ctx.addIssue({ code: 'custom', message: 'send both "inputs" and "history"' });
    else if (v.disable) ctx.addIssue({ code: 'custom', path: ['disable'], message: '"disable" goes with "start" and "length"' });
  });

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'Dual-stage attention RNN (room temperature)',
  description: 'Predicts the indoor temperature of a simulated room from eight sensors; returns the input attention per sensor.',
  input: daRnnInput,
  maxBytes: 16 * 1024,
  example: { start: 0, length: 144 },
  output: { truth: '[°C, …]', prediction: '[°C, …]', attention: '[[8 sensor weights], …]', temporal: '[[10 step weights], …]', rmse: '{ model, persistence }' },
  cost: (/** @type {any} */ i) => i.length ?? 1,
  batchBudget: 288,
};

/** <DaRnn /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
