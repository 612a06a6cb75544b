// The training data, generated deterministically in the project (nothing is downloaded): a swiss roll, 16×16 glyphs
// drawn from strokes, a simulated room with eight sensors, and random strings for the reversal task. No tfjs here,
// so the embeds may import it too.
import { rng } from './random.mjs';

/** @typedef {import('./random.mjs').Rng} Rng */

/**
 * scikit-learn's make_swiss_roll: t ∈ [1.5π, 4.5π], points (t·cos t, 21·h, t·sin t) plus Gaussian noise.
 * @param {Rng} r @param {number} n @param {number} [noise]
 */
export function swissRoll(r, n, noise = 0.2) {
  const points = new Float32Array(n * 3);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const ti = 1.5 * Math.PI * (1 + 2 * r.next());
    const h = 21 * r.next();
    points[3 * i] = ti * Math.cos(ti) + noise * r.normal();
    points[3 * i + 1] = h + noise * r.normal();
    points[3 * i + 2] = ti * Math.sin(ti) + noise * r.normal();
    t[i] = ti;
  }
  return { points, t };
}

// ---------------------------------------------------------------------------------------------------------------
// Glyphs: the ten digits as strokes in a unit box (x right, y down), drawn with random scale, slant, rotation,
// offset and pen width, anti-aliased by distance to the stroke.

/** @param {number} cx @param {number} cy @param {number} rx @param {number} ry @param {number} [n] @returns {[number, number][]} */
const ellipse = (cx, cy, rx, ry, n = 18) => Array.from({ length: n + 1 }, (_, i) => [cx + rx * Math.sin((2 * Math.PI * i) / n), cy - ry * Math.cos((2 * Math.PI * i) / n)]);

/** @type {[number, number][][][]} */
export const DIGIT_STROKES = [
  [ellipse(0.5, 0.5, 0.26, 0.38)],
  [[[0.36, 0.24], [0.54, 0.1], [0.54, 0.9]]],
  [[[0.26, 0.3], [0.36, 0.14], [0.56, 0.1], [0.72, 0.2], [0.74, 0.36], [0.62, 0.52], [0.26, 0.9], [0.78, 0.9]]],
  [[[0.26, 0.14], [0.72, 0.14], [0.46, 0.44], [0.66, 0.52], [0.74, 0.7], [0.62, 0.88], [0.42, 0.9], [0.24, 0.82]]],
  [[[0.64, 0.9], [0.64, 0.1], [0.2, 0.64], [0.8, 0.64]]],
  [[[0.74, 0.12], [0.32, 0.12], [0.28, 0.46], [0.52, 0.4], [0.7, 0.52], [0.74, 0.72], [0.6, 0.88], [0.4, 0.9], [0.24, 0.82]]],
  [[[0.68, 0.12], [0.46, 0.2], [0.32, 0.42], [0.28, 0.68], [0.38, 0.88], [0.6, 0.9], [0.72, 0.72], [0.64, 0.52], [0.44, 0.5], [0.3, 0.62]]],
  [[[0.22, 0.12], [0.78, 0.12], [0.44, 0.9]]],
  [ellipse(0.5, 0.3, 0.19, 0.18), ellipse(0.5, 0.69, 0.23, 0.21)],
  [[[0.7, 0.42], [0.54, 0.52], [0.34, 0.48], [0.28, 0.3], [0.4, 0.12], [0.6, 0.1], [0.72, 0.28], [0.7, 0.56], [0.58, 0.9]]],
];

/** @param {number} px @param {number} py @param {number} ax @param {number} ay @param {number} bx @param {number} by */
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const u = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  const qx = ax + u * dx - px;
  const qy = ay + u * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}

/**
 * Draws one digit into `out` (size×size, values in [-1, 1], -1 background) at offset `at`.
 * @param {Rng} r @param {number} digit @param {Float32Array} out @param {number} at @param {number} [size]
 */
export function drawGlyph(r, digit, out, at, size = 16) {
  const scale = r.uniform(0.78, 0.98) * size;
  const angle = r.uniform(-0.14, 0.14);
  const shear = r.uniform(-0.22, 0.12);
  const cx = size / 2 + r.uniform(-0.8, 0.8);
  const cy = size / 2 + r.uniform(-0.8, 0.8);
  const width = r.uniform(1.1, 1.9);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const strokes = DIGIT_STROKES[digit].map((stroke) =>
    stroke.map(([x, y]) => {
      const u = x + r.uniform(-0.025, 0.025) - 0.5;
      const v = y + r.uniform(-0.025, 0.025) - 0.5;
      const su = u + shear * v;
      return [cx + scale * (cos * su - sin * v), cy + scale * (sin * su + cos * v)];
    }),
  );
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let d = Infinity;
      for (const s of strokes) for (let k = 1; k < s.length; k++) d = Math.min(d, segmentDistance(px + 0.5, py + 0.5, s[k - 1][0], s[k - 1][1], s[k][0], s[k][1]));
      const ink = Math.max(0, Math.min(1, width / 2 + 0.5 - d));
      out[at + py * size + px] = 2 * ink - 1;
    }
  }
}

/** @param {Rng} r @param {number} n @param {number} [size] */
export function glyphs(r, n, size = 16) {
  const images = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 10;
    drawGlyph(r, labels[i], images, i * size * size, size);
  }
  return { images, labels };
}

// ---------------------------------------------------------------------------------------------------------------
// A simulated room, one reading every 10 minutes: eight sensors and the indoor temperature (the target). Which
// sensors drive the temperature, and after how many readings their effect reaches the thermometer, are parameters:
// Δy_t = 0.03·(20 − y_{t−1}) + Σ_{k ∈ drivers} g_k · z_k(t − lag_k) + noise, z_k the sensor's standardized reading.
// So the right answer for an attention model is known: the drivers, at their lags. Every sensor moves within an
// hour or two (clouds passing, a heater switching, people coming and going), so a ten-reading window can tell them
// apart; the remaining sensors are pure distractors.

export const SENSORS = [
  { id: 'outdoor', label: '외기 온도', unit: '°C' },
  { id: 'solar', label: '일사량', unit: 'kW/m²' },
  { id: 'heater', label: '난방기 출력', unit: '' },
  { id: 'occupancy', label: '재실 인원', unit: '명' },
  { id: 'window', label: '창문 열림', unit: '' },
  { id: 'humidity', label: '습도', unit: '%' },
  { id: 'noise-a', label: '잡음 센서 A', unit: '' },
  { id: 'noise-b', label: '잡음 센서 B', unit: '' },
];
export const STEPS_PER_DAY = 144;
/** The sign of each sensor's effect when it drives the room (an open window cools it; the rest warm it). */
export const SENSOR_SIGN = [1, 1, 1, 1, -1, 1, 1, 1];
/** The longest lag a room may have, in readings. */
export const MAX_LAG = 4;

/** @typedef {{ drivers: string[], lag: number }} RoomConfig */

/** The room of the embed: heater, sun and people warm it, 30 minutes (three readings) later. */
export const SHOWCASE_ROOM = /** @type {RoomConfig} */ ({ drivers: ['heater', 'solar', 'occupancy'], lag: 3 });

/**
 * A random room: two or three drivers among the eight sensors and one lag in 1..MAX_LAG.
 * @param {Rng} r @returns {RoomConfig}
 */
export function randomRoom(r) {
  const ids = SENSORS.map((s) => s.id);
  const count = 2 + r.int(2);
  /** @type {string[]} */
  const drivers = [];
  while (drivers.length < count) {
    const id = ids[r.int(ids.length)];
    if (!drivers.includes(id)) drivers.push(id);
  }
  return { drivers, lag: 1 + r.int(MAX_LAG) };
}

/**
 * @param {number} seed @param {number} days
 * @param {RoomConfig} [config] which sensors drive the temperature and after how many readings
 */
export function roomSeries(seed, days, config = SHOWCASE_ROOM) {
  const r = rng(seed);
  const n = days * STEPS_PER_DAY;
  const k = SENSORS.length;
  const driverIndex = config.drivers.map((id) => {
    const j = SENSORS.findIndex((s) => s.id === id);
    if (j < 0) throw new Error(`No sensor named "${id}".`);
    return j;
  });
  if (!Number.isInteger(config.lag) || config.lag < 1) throw new Error('The lag is a whole number of readings ≥ 1.');
  // Effect sizes in °C per reading per standard deviation of the sensor, drawn per room.
  const gains = driverIndex.map((j) => SENSOR_SIGN[j] * r.uniform(0.08, 0.14));
  const x = new Float32Array(n * k);
  const z = new Float32Array(n * k);
  const y = new Float32Array(n);
  let gust = 0;
  let cloud = 0;
  let heaterOn = false;
  let occupancy = 2;
  let open = 0;
  let humid = 0;
  let noiseA = 0;
  let indoor = 20 + r.normal();
  for (let t = 0; t < n; t++) {
    const hour = (t % STEPS_PER_DAY) / 6;
    gust = 0.6 * gust + 0.8 * r.normal();
    cloud = 0.5 * cloud + 0.87 * r.normal();
    if (r.next() < 0.3) heaterOn = !heaterOn;
    if (r.next() < 0.5) occupancy = Math.max(0, Math.min(4, occupancy + (r.next() < 0.5 ? -1 : 1)));
    if (r.next() < (open ? 0.4 : 0.25)) open = 1 - open;
    humid = 0.5 * humid + 0.87 * r.normal();
    noiseA = 0.8 * noiseA + 0.6 * r.normal();
    const outdoor = 8 + 2 * Math.sin((2 * Math.PI * (hour - 9)) / 24) + 1.2 * gust;
    const solar = Math.max(0, 0.4 + 0.2 * cloud);
    const heater = heaterOn ? 0.7 + 0.3 * r.next() : 0;
    const row = [outdoor, solar, heater, occupancy, open, 55 + 5 * humid, noiseA, r.normal()];
    // Standardized by each process's own mean and spread, so a gain means the same for every sensor.
    const std = [outdoor - 8, (solar - 0.4) / 0.2, (heater - 0.425) / 0.43, (occupancy - 2) / 1.4, (open - 0.385) / 0.49, humid, noiseA, row[7]];
    for (let j = 0; j < k; j++) {
      x[t * k + j] = row[j];
      z[t * k + j] = std[j] / (j === 0 ? 1.6 : 1);
    }
    if (t > 0) {
      let drive = 0;
      driverIndex.forEach((j, d) => {
        if (t - config.lag >= 0) drive += gains[d] * z[(t - config.lag) * k + j];
      });
      indoor += 0.03 * (20 - indoor) + drive + 0.02 * r.normal();
    }
    y[t] = indoor;
  }
  return { x, y, n, k, config, gains };
}

// ---------------------------------------------------------------------------------------------------------------
// The reversal task: strings of lowercase letters and digits, padded to a fixed length.

export const VOCAB = ['·', ...'abcdefghijklmnopqrstuvwxyz0123456789'];
export const PAD = 0;

/** @param {string} text @param {number} maxLen */
export function encodeText(text, maxLen) {
  const ids = new Int32Array(maxLen);
  [...text].slice(0, maxLen).forEach((ch, i) => (ids[i] = Math.max(0, VOCAB.indexOf(ch))));
  return ids;
}

/**
 * A batch of random strings (lengths minLen..maxLen) and their reversals.
 * @param {Rng} r @param {number} batch @param {number} maxLen @param {number} [minLen]
 */
export function reversalBatch(r, batch, maxLen, minLen = 2) {
  const inputs = new Int32Array(batch * maxLen);
  const targets = new Int32Array(batch * maxLen);
  for (let b = 0; b < batch; b++) {
    const len = minLen + r.int(maxLen - minLen + 1);
    for (let i = 0; i < len; i++) inputs[b * maxLen + i] = 1 + r.int(VOCAB.length - 1);
    for (let i = 0; i < len; i++) targets[b * maxLen + i] = inputs[b * maxLen + len - 1 - i];
  }
  return { inputs, targets };
}
