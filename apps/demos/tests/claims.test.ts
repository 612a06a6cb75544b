// Every demo's claim, checked with the committed weights on data the training never saw, and every embed's figure
// checked to state that number (rendered to HTML as the post page renders it).
import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, loadModel, rng } from 'manifold/ml/models/common';
import { glyphs, randomRoom, reversalBatch, roomSeries, SENSORS, swissRoll, VOCAB } from 'manifold/ml/models/data';
import { loadDefinitions } from '../demos/models.mjs';
import { fitPca, pcaProject } from '../demos/autoencoder/model.mjs';
import { evaluateRoom, trainingRooms, trainPlainLstm } from '../demos/da-rnn/model.mjs';
import { interpolationDistances, latentFromSeed } from '../demos/dcgan/model.mjs';
import Autoencoder from '../demos/autoencoder/embed.client';
import DaRnn from '../demos/da-rnn/embed.client';
import Dcgan from '../demos/dcgan/embed.client';
import Attention from '../demos/attention/embed.client';
import LossCompare from '../demos/loss-compare/embed.client';
import Convolution from '../demos/convolution/embed.client';
import { GradientDescentFigure, gdPath } from '../demos/gradient-descent/figure';
import { TIMESTAMP_EXAMPLE, toEpoch, wallClock } from '../demos/timestamp/time';
import Timestamp from '../demos/timestamp/embed.client';

const definitions = await loadDefinitions();

const dir = path.join(process.cwd(), 'content', 'models');
const json = (name: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, name, file), 'utf8'));
const runtimes: Record<string, any> = {};
const infer = (name: string, ...inputs: any[]) => definitions[name].infer(runtimes[name], inputs);
// The embed as the post page renders it on the server (the static figure inside the lazy frame).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const html = (component: any, props: Record<string, unknown>) => renderToStaticMarkup(createElement(component, props));
/** Whether the rendered page says `text` (a boolean, so a failure does not print pages of SVG). */
const says = (page: string, text: string) => expect(page.includes(text), `the figure should say "${text}"`).toBe(true);

beforeAll(async () => {
  await initTf('wasm');
  for (const [name, def] of Object.entries(definitions)) runtimes[name] = def.load(def.hasWeights ? await loadModel(path.join(dir, name)) : null);
});

// ---------------------------------------------------------------------------------------------------------------
// Neighbourhood preservation (Venna & Kaski 2001), written here independently of the model's own code.

/** ranks[i][j]: j's position in i's neighbour list by Euclidean distance (1 = nearest; i itself excluded). */
function ranks(points: number[][]): Int32Array[] {
  const n = points.length;
  return points.map((p, i) => {
    const d = points.map((q, j) => (j === i ? -1 : q.reduce((s, v, c) => s + (v - p[c]) ** 2, 0)));
    const order = d.map((_, j) => j).sort((a, b) => d[a] - d[b] || a - b);
    const r = new Int32Array(n);
    order.forEach((j, pos) => (r[j] = pos));
    return r;
  });
}

/** T(k) = 1 − 2/(nk(2n−3k−1)) Σ_i Σ_{j ∈ U_k(i)} (r(i,j) − k), and C(k) the same with the two spaces swapped. */
function trustworthinessContinuity(high: number[][], low: number[][], k: number) {
  const n = high.length;
  const rh = ranks(high);
  const rl = ranks(low);
  const penalty = (a: Int32Array[], b: Int32Array[]) => {
    let sum = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j !== i && b[i][j] <= k && a[i][j] > k) sum += a[i][j] - k;
    return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * sum;
  };
  return { trustworthiness: penalty(rh, rl), continuity: penalty(rl, rh) };
}

describe('autoencoder: the latent map unrolls the roll', () => {
  const n = 600;
  const test = swissRoll(rng(4711), n);
  const points = Array.from({ length: n }, (_, i) => [test.points[3 * i], test.points[3 * i + 1], test.points[3 * i + 2]]);

  it('keeps held-out neighbourhoods: trustworthiness and continuity ≥ 0.95 at k = 10, where PCA folds the layers', () => {
    const [out] = infer('autoencoder', { points });
    const ae = trustworthinessContinuity(points, out.latent, 10);
    const flat = pcaProject(fitPca(test.points), test.points);
    const pca = trustworthinessContinuity(points, Array.from({ length: n }, (_, i) => [flat[2 * i], flat[2 * i + 1]]), 10);
    expect(ae.trustworthiness).toBeGreaterThanOrEqual(0.95);
    expect(ae.continuity).toBeGreaterThanOrEqual(0.95);
    // PCA's plane puts points of different layers side by side: its trustworthiness is clearly worse.
    expect(pca.trustworthiness).toBeLessThan(ae.trustworthiness - 0.03);
  });

  it('orders the latent map by the position along the roll', () => {
    const [out] = infer('autoencoder', { points });
    // Unrolled means the roll parameter t is a smooth function of the 2-D code: a neighbour in the latent map has
    // nearly the same t (the roll's layers are 2π apart in t, so a fold would show as jumps of ~6).
    const lr = ranks(out.latent);
    let jump = 0;
    for (let i = 0; i < n; i++) {
      const nearest = lr[i].indexOf(0);
      jump = Math.max(jump, Math.abs(test.t[nearest] - test.t[i]));
    }
    expect(jump).toBeLessThan(2);
  });

  it('states both measures in its figure, beside PCA’s, from its training', () => {
    const preview = json('autoencoder', 'preview.json');
    const nb = preview.neighbourhoods;
    expect(nb.k).toBe(10);
    expect(nb.autoencoder.trustworthiness).toBeGreaterThanOrEqual(0.95);
    expect(nb.autoencoder.continuity).toBeGreaterThanOrEqual(0.95);
    const page = html(Autoencoder, {});
    for (const v of [nb.autoencoder.trustworthiness, nb.autoencoder.continuity, nb.pca.trustworthiness, nb.pca.continuity]) says(page, v.toFixed(3));
    says(page, '신뢰도(trustworthiness)');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('da-rnn: the attentions find the drivers and the lag in rooms it never saw', () => {
  // Eight rooms drawn the way training draws them, but from a seed training never used: other sensor series, other
  // driver sets and lags than the embed's room (heater, sun and people at 3 readings) and than the training rooms.
  const pick = rng(31_337);
  const rooms = Array.from({ length: 8 }, (_, i) => roomSeries(77_000 + i, 3, randomRoom(pick)));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  let evals: ReturnType<typeof evaluateRoom>[];
  beforeAll(() => {
    evals = rooms.map((room) => evaluateRoom(runtimes['da-rnn'], room));
  });

  it('draws rooms unlike the embed’s', () => {
    const showcase = JSON.stringify(json('da-rnn', 'preview.json').room);
    for (const room of rooms) expect(JSON.stringify(room.config)).not.toBe(showcase);
    expect(new Set(rooms.map((r) => r.config.lag)).size).toBeGreaterThan(1);
  });

  it('ranks the true drivers first by mean input attention (mean precision@k ≥ 0.9, k = number of drivers)', () => {
    const precision = rooms.map((room, r) => {
      const weights = SENSORS.map((_, j) => mean(evals[r].attention.map((row) => row[j])));
      const top = SENSORS.map((s, j) => ({ id: s.id, w: weights[j] }))
        .sort((a, b) => b.w - a.w)
        .slice(0, room.config.drivers.length)
        .map((t) => t.id);
      return top.filter((id) => room.config.drivers.includes(id)).length / room.config.drivers.length;
    });
    expect(mean(precision)).toBeGreaterThanOrEqual(0.9);
    // the one sensor that cools the room is among the drivers somewhere, and found there too
    expect(rooms.some((room) => room.config.drivers.includes('window'))).toBe(true);
  });

  it('puts the temporal attention’s peak at the true lag', () => {
    const T = runtimes['da-rnn'].window;
    rooms.forEach((room, r) => {
      const profile = Array.from({ length: T }, (_, i) => mean(evals[r].temporal.map((row) => row[i])));
      // encoder step i has read x up to i; the reading that moved y_T is lag steps before the last one
      expect(T - 1 - profile.indexOf(Math.max(...profile))).toBe(room.config.lag);
    });
  });

  // The two are close on these rooms (DA-RNN 0.148 °C; the plain LSTM came out at 0.145 and at 0.156 °C in two runs
  // of this file that ran different tests before it; on the six rooms training holds out, 0.129 against 0.139): the
  // attentions explain the prediction more than they make it more accurate.
  it('predicts better than the last reading, and about as well as an LSTM without attention trained the same way', () => {
    const meta = json('da-rnn', 'meta.json');
    const cfg = meta.config;
    const { rooms: train, norm } = trainingRooms(meta.seed);
    const plain = trainPlainLstm({ seed: meta.seed + 1, rooms: train, norm, T: cfg.window, hidden: cfg.baselineHidden, steps: cfg.steps, batch: cfg.batch, learningRate: cfg.learningRate });
    const plainRmse = mean(rooms.map((room) => plain.rmse(room)));
    plain.dispose();
    const model = mean(evals.map((e) => e.rmse));
    const persistence = mean(evals.map((e) => e.persistence));
    expect(model).toBeLessThan(persistence * 0.9);
    expect(plainRmse).toBeLessThan(persistence * 0.9);
    expect(Math.abs(model - plainRmse)).toBeLessThan(0.1 * plainRmse);
  }, 300_000);

  it('marks the true drivers and lag in its figure, with the held-out numbers', () => {
    const preview = json('da-rnn', 'preview.json');
    expect(preview.room).toEqual({ drivers: ['heater', 'solar', 'occupancy'], lag: 3 });
    const page = html(DaRnn, {});
    for (const id of preview.room.drivers) says(page, `${SENSORS.find((s) => s.id === id)!.label} (실제 원인)`);
    says(page, '실제 지연 3스텝');
    says(page, `실제 원인인 비율 <strong>${preview.heldOut.precisionAtK.toFixed(2)}</strong>`);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the other demos', () => {
  it('convolution: [1,4,6,7,4] with [1,1,1], normalized, is exactly [3.6667, 5.6667, 5.6667], and the figure says so', () => {
    const [out] = infer('convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true });
    expect(out.output).toEqual([3.6667, 5.6667, 5.6667]);
    const preview = json('convolution', 'preview.json');
    expect(preview.signal.output).toEqual(out.output);
    const page = html(Convolution, {});
    says(page, '커널 합으로 나눈 출력은 [3.6667, 5.6667, 5.6667]');
    says(page, '= 11 ÷ 3 = 3.6667');
  });

  it('gradient descent: converges just below 2/λmax and diverges just above, as the figure states', () => {
    const preview = json('gradient-descent', 'preview.json');
    const lambdaMax = Math.max(...preview.surface.lambdas);
    expect(preview.criticalLr).toBeCloseTo(2 / lambdaMax, 12);
    const [below] = infer('gradient-descent', { lr: 0.95 * preview.criticalLr, steps: 200 });
    const [above] = infer('gradient-descent', { lr: 1.05 * preview.criticalLr, steps: 200 });
    expect(below.loss.at(-1)).toBeLessThan(below.loss[0] * 1e-3);
    expect(above.status).toBe('diverged');
    expect(above.loss.at(-1)).toBeGreaterThan(above.loss[0] * 1e3);
    const { lambdas, angle, start } = preview.surface;
    const lr = 0.21;
    const path = gdPath(lr, 30, start, lambdas, angle);
    const page = html(GradientDescentFigure, { view: { lr, ...path, lambdas, angle } });
    says(page, '2/λmax = 0.2');
    says(page, '발산');
  });

  it('loss-compare: at a confidently wrong z the cross-entropy gradient is 1/(p(1−p)) times the MSE one, the figure’s number', () => {
    const preview = json('loss-compare', 'preview.json');
    const [out] = infer('loss-compare', { z: preview.at.z });
    const p = 1 / (1 + Math.exp(-preview.at.z));
    const ratio = out.at.ce.grad / out.at.mse.grad;
    expect(ratio).toBeCloseTo(1 / (p * (1 - p)), -1);
    expect(ratio).toBeGreaterThan(400);
    says(html(LossCompare, {}), `약 ${Math.round(Math.abs(preview.at.ce.grad / preview.at.mse.grad))}배`);
  });

  it('dcgan: frames between two latent vectors stay as close to real digits as samples do; a pixel cross-fade does not', () => {
    const zs = latentFromSeed(31_337, 48);
    const pairs = Array.from({ length: 24 }, (_, i) => [zs[2 * i], zs[2 * i + 1]]);
    const bank = glyphs(rng(271_828), 1500).images;
    const d = interpolationDistances(runtimes.dcgan, pairs, bank);
    expect(d.latent).toBeLessThan(d.pixel * 0.95);
    expect(d.latent).toBeLessThan(d.ends * 1.03);
    const preview = json('dcgan', 'preview.json');
    expect(preview.onManifold.latent).toBeLessThan(preview.onManifold.pixel);
    const page = html(Dcgan, {});
    says(page, preview.onManifold.latent.toFixed(3));
    says(page, preview.onManifold.pixel.toFixed(3));
  });

  it('attention: reverses ≥ 99% of held-out strings, and the figure states the rate', () => {
    const { inputs, targets } = reversalBatch(rng(8_675_309), 1000, 8);
    const texts = Array.from({ length: 1000 }, (_, b) => Array.from(inputs.subarray(b * 8, b * 8 + 8), (id) => VOCAB[id]).join('').replaceAll('·', ''));
    const expected = Array.from({ length: 1000 }, (_, b) => Array.from(targets.subarray(b * 8, b * 8 + 8), (id) => VOCAB[id]).join('').replaceAll('·', ''));
    const outs = infer('attention', ...texts.map((text) => ({ text })));
    const correct = outs.filter((o: { output: string }, i: number) => o.output === expected[i]).length;
    expect(correct / 1000).toBeGreaterThanOrEqual(0.99);
    const rate = json('attention', 'meta.json').metrics.heldOutSequenceAccuracy;
    expect(rate).toBeGreaterThanOrEqual(0.99);
    says(html(Attention, {}), `<strong>${(rate * 100).toFixed(1)}%</strong>`);
  });

  it('timestamp: 2020-02-16 15:15 KST ⇄ 1581833700, both ways, as the figure says', () => {
    const e = TIMESTAMP_EXAMPLE;
    expect(toEpoch(e.date, e.time, e.zone)).toBe(1581833700);
    expect(wallClock(1581833700 * 1000, 'Asia/Seoul')).toEqual({ date: '2020-02-16', time: '15:15', seconds: '00' });
    expect(new Date(1581833700 * 1000).toISOString()).toBe('2020-02-16T06:15:00.000Z');
    const page = html(Timestamp, {});
    says(page, '<code>1581833700</code>');
    says(page, '2020-02-16 15:15');
    says(page, 'UTC로 2020-02-16 06:15');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the posts say what their demos show', () => {
  const post = (slug: string) => fs.readFileSync(path.join(process.cwd(), 'content', 'posts', `${slug}.mdx`), 'utf8');

  it('autoencoder: the neighbourhood figures, the model’s and PCA’s', () => {
    const nb = json('autoencoder', 'preview.json').neighbourhoods;
    const text = post('autoencoder-manifold');
    expect(text).toContain(`신뢰도(trustworthiness) ${nb.autoencoder.trustworthiness.toFixed(3)}, 연속성(continuity) ${nb.autoencoder.continuity.toFixed(3)}`);
    expect(text).toContain(`PCA 평면은 신뢰도 ${nb.pca.trustworthiness.toFixed(3)}, 연속성 ${nb.pca.continuity.toFixed(3)}`);
  });

  it('transformer: the held-out reversal rate', () => {
    const rate = json('attention', 'meta.json').metrics.heldOutSequenceAccuracy;
    expect(post('transformer-training')).toContain(`${(rate * 100).toFixed(1)}%를 한 글자도 틀리지 않고`);
  });

  it('dcgan: the distances of both paths to real digits', () => {
    const m = json('dcgan', 'preview.json').onManifold;
    const text = post('dcgan-review');
    expect(text).toContain(m.latent.toFixed(3));
    expect(text).toContain(m.pixel.toFixed(3));
  });

  it('da-rnn: the held-out ranks and lags, and the room of the demo', () => {
    const { heldOut, room } = json('da-rnn', 'preview.json');
    const text = post('da-rnn-review');
    expect(text).toContain(`실제 원인인 비율은 ${heldOut.precisionAtK.toFixed(2)}`);
    expect(text).toContain(`${heldOut.lagHits}/${heldOut.rooms}`);
    expect(text).toContain(`창 하나만 보고 고른 상위 k개는 ${heldOut.windowPrecisionAtK.toFixed(2)}`);
    expect(text).toContain(`${room.lag * 10}분(${room.lag}스텝)`);
  });
});
