// The hand-written gradients the wasm backend needs (convolution, transposed convolution) and its patched matMul
// agree with tfjs' own kernels on the cpu backend.
import { describe, expect, it } from 'vitest';
import { conv2d, conv2dTranspose, initTf, tf } from '../models/common.mjs';

tf.enableProdMode(); // no "install tfjs-node" banner from the cpu backend

const values = (shape: number[], seed: number) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);

type Case = [string, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, number[], number[]];
const cases: Case[] = [
  ['conv k4 s2', (x, w) => conv2d(x, w, 2), (x, w) => tf.conv2d(x, w, 2, 'same'), [2, 16, 16, 3], [4, 4, 3, 5]],
  ['conv k3 s1', (x, w) => conv2d(x, w, 1), (x, w) => tf.conv2d(x, w, 1, 'same'), [2, 7, 7, 3], [3, 3, 3, 4]],
  ['conv k4 s2, odd size', (x, w) => conv2d(x, w, 2), (x, w) => tf.conv2d(x, w, 2, 'same'), [1, 9, 7, 2], [4, 4, 2, 3]],
  ['transposed k4 s2', (x, w) => conv2dTranspose(x, w, 2), (x, w) => tf.conv2dTranspose(x, w, [x.shape[0], x.shape[1] * 2, x.shape[2] * 2, w.shape[2]], 2, 'same'), [2, 4, 4, 6], [4, 4, 3, 6]],
];

/** Value and gradients of Σ f(x, w)·r for a fixed random r, as plain arrays. */
function run(f: Case[1], xs: number[], ws: number[]) {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(xs, 1), xs as [number, number, number, number]);
    const w = tf.tensor4d(values(ws, 2), ws as [number, number, number, number]);
    const r = tf.tensor(values(f(x, w).shape, 3), f(x, w).shape);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), r)))([x, w]);
    return { y: Array.from(f(x, w).dataSync()), gx: Array.from(gx.dataSync()), gw: Array.from(gw.dataSync()) };
  });
}

const close = (a: number[], b: number[]) => {
  expect(a.length).toBe(b.length);
  expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-4);
};

describe('custom gradients', () => {
  it.each(cases)('%s matches tfjs on cpu, and runs the same on wasm', async (_name, mine, reference, xs, ws) => {
    await tf.setBackend('cpu');
    const ref = run(reference, xs, ws);
    const cpu = run(mine, xs, ws);
    close(cpu.y, ref.y);
    close(cpu.gx, ref.gx);
    close(cpu.gw, ref.gw);
    await initTf('wasm');
    await tf.setBackend('wasm');
    const wasm = run(mine, xs, ws);
    close(wasm.y, ref.y);
    close(wasm.gx, ref.gx);
    close(wasm.gw, ref.gw);
  });

  it('the patched wasm matMul multiplies transposed operands correctly', async () => {
    const m = (backend: string) =>
      tf.tidy(() => {
        const a = tf.tensor3d(values([2, 5, 3], 4), [2, 5, 3]);
        const b = tf.tensor3d(values([2, 4, 5], 5), [2, 4, 5]);
        return [tf.matMul(a, b, true, true), tf.matMul(a, tf.transpose(b, [0, 2, 1]), true, false), tf.matMul(tf.transpose(a, [0, 2, 1]), b, false, true)].map((t) => Array.from(t.dataSync()));
      }).map((v) => ({ backend, v }));
    await tf.setBackend('cpu');
    const ref = m('cpu');
    await initTf('wasm');
    await tf.setBackend('wasm');
    const wasm = m('wasm');
    ref.forEach((r, i) => close(wasm[i].v, r.v));
  });
});
