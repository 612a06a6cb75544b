// The ML demo benchmark (`npm run bench` runs it after the page benchmark; it also runs alone, given a built .next):
// starts the production server with the wasm backend and again with MANIFOLD_TF_BACKEND=cpu and, with autocannon
// on 127.0.0.1, after two seconds of load on each route (and on the echo) to warm them, measures every model's
// p50/p99 latency and req/s at 1 and 16 connections, the home page's p99 with and without 16 connections hammering
// the demos, and the server's memory with every model loaded. Each model's
// 16-connection row is followed by the same load on a bare Node JSON echo (its own process: it parses the same
// request body and writes an answer of the same bytes as the route's, with nothing else), so the route's share of
// what HTTP and JSON alone allow on this machine is measured in the same run: req/s of the route ÷ req/s of the echo.
// Around each 16-connection row it reads the threads' CPU time from /proc (Linux) and prints it per request: the
// server's main thread, its inference worker and its other threads (garbage collection), and the echo's.
// What the machine allows at all is measured too, for the three routes held to the echo: each model's inference
// alone (its worker thread's CPU per request, batches of 16 sent back to back with no HTTP), plus the echo server's
// and the load client's CPU per request (every request of the route needs at least the HTTP and JSON work the echo
// does, and the client's share of the cores): the cores ÷ that sum is the most req/s the route could reach here, and
// ÷ the echo's req/s the highest ratio this machine can give, whatever the server does.
// Targets: convolution and autoencoder (64 points) p50 ≤ 5 ms at 16 connections; autoencoder (64 points),
// convolution and attention ≥ 0.5 of the echo at 16 connections; home p99 under demo load < 2x; memory < 500 MB.
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { frameworkDir, prepareDatabase, root, startNext } from 'manifold/testing/serve';

const port = Number(process.env.BENCH_ML_PORT ?? 3211);
const echoPort = port + 1;
const seconds = Number(process.env.BENCH_ML_SECONDS ?? 5);
const backends = (process.env.BENCH_ML_BACKENDS ?? 'wasm,cpu').split(',');
/** Seconds of load on each route and on the echo before they are measured. */
const WARM_SECONDS = 2;
const base = `http://127.0.0.1:${port}`;

if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('bench-ml: no production build in .next; run `npm run build` first.');
  process.exit(1);
}

const points = Array.from({ length: 64 }, (_, i) => {
  const t = 1.5 * Math.PI * (1 + (2 * i) / 63);
  return [+(t * Math.cos(t)).toFixed(3), +((i * 7) % 21).toFixed(3), +(t * Math.sin(t)).toFixed(3)];
});
/** @type {[string, Record<string, unknown>][]} */
const ALL_MODELS = [
  ['convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }],
  ['autoencoder', { points }],
  ['gradient-descent', { lr: 0.1, steps: 30 }],
  ['loss-compare', {}],
  ['dcgan', { seed: 7, count: 4 }],
  ['da-rnn', { start: 0, length: 144 }],
  ['attention', { text: 'manifold' }],
];
// `--models=autoencoder,attention` measures only those (the home-page rows still hammer convolution and autoencoder).
const only = process.argv.find((a) => a.startsWith('--models='))?.slice('--models='.length).split(',');
const MODELS = only ? ALL_MODELS.filter(([m]) => only.includes(m) || m === 'convolution' || m === 'autoencoder') : ALL_MODELS;

const dir = path.join(root, 'data', 'bench-ml');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const baseEnv = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, HOST: '127.0.0.1' };
prepareDatabase(baseEnv);

/** @param {string} model @param {unknown} body */
const post = (model, body) => ({ url: `${base}/api/ml/${model}`, method: /** @type {const} */ ('POST'), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * @param {import('autocannon').Options} opts
 * @returns {Promise<import('autocannon').Result>}
 */
function cannon(opts) {
  return new Promise((resolve, reject) =>
    autocannon({ duration: seconds, pipelining: 1, ...opts }, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

async function waitUp() {
  for (let i = 0; i < 240; i++) {
    try {
      const r = await fetch(`${base}/api/ml/convolution`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(MODELS[0][1]) });
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not start');
}

/**
 * The HTTP limit to compare a route with: a bare Node server in a process of its own that reads the body, parses it
 * as JSON and writes the answer it is given for the path (the route's own answer, so the bytes are the same).
 * @param {Record<string, string>} answers path → response body
 */
async function startEcho(answers) {
  const code = `
    import http from 'node:http';
    const answers = new Map(Object.entries(JSON.parse(process.argv[1])));
    http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        let text;
        try {
          JSON.parse(body);
          text = answers.get(req.url) ?? '{}';
        } catch {
          res.writeHead(400).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    }).listen(${echoPort}, '127.0.0.1', () => console.log('listening'));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(answers)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', () => reject(new Error('the echo server did not start')));
  });
  return child;
}

/** Waits until requests left queued by the previous run are done (one more request gets its turn behind them). */
async function drain() {
  await fetch(`${base}/api/ml/convolution`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(MODELS[0][1]) });
}

/** VmRSS of a process and all its descendants, in MB (worker threads live inside the server process). */
/** @param {number} pid */
function treeRssMb(pid) {
  let pids = [pid];
  try {
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter(Boolean);
    pids = pids.concat(children.flatMap((c) => [c]));
  } catch {}
  let kb = 0;
  for (const p of pids) {
    try {
      const m = fs.readFileSync(`/proc/${p}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
      if (m) kb += Number(m[1]);
    } catch {}
  }
  return Math.round(kb / 1024);
}

/**
 * The home page's latency, measured to the microsecond (autocannon rounds to whole milliseconds, and a cached home
 * page answers in well under one): `connections` keep-alive clients fetching / back to back for `secs` seconds.
 * @param {number} connections @param {number} secs
 */
async function pageLatency(connections, secs) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  /** @type {number[]} */
  const times = [];
  let errors = 0;
  const end = performance.now() + secs * 1000;
  const one = () =>
    new Promise(/** @param {(value?: unknown) => void} resolve */ (resolve) => {
      const t = performance.now();
      http
        .get(`${base}/`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) times.push(performance.now() - t);
            else errors++;
            resolve();
          });
        })
        .on('error', () => {
          errors++;
          resolve();
        });
    });
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) await one();
  }));
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (/** @type {number} */ p) => +times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  return { p50: q(0.5), p99: q(0.99), rps: Math.round(times.length / secs), errors };
}

/**
 * 16 connections hammering the two cheap demos from separate processes (so they do not slow this one's clock).
 * @param {number} secs
 */
function hammer(secs) {
  const bin = path.join(root, 'node_modules', '.bin', 'autocannon');
  return [MODELS[0], MODELS[1]].map(([model, body]) =>
    spawn(bin, ['-c', '8', '-d', String(secs), '-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify(body), '-j', `${base}/api/ml/${model}`], { stdio: ['ignore', 'pipe', 'ignore'] }),
  );
}

/** @param {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, null>} child @returns {Promise<import('autocannon').Result | null>} */
const collect = (child) =>
  new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (/** @type {Buffer} */ d) => (out += d));
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        resolve(null);
      }
    });
  });

/**
 * CPU time (user + system, in µs) of every thread of a process, from /proc (Linux); empty elsewhere. Node names all
 * its threads "node": the main thread is the one whose id is the process's, the inference worker the busiest other.
 * @param {number} pid @returns {Map<number, number>}
 */
function threadCpu(pid) {
  /** @type {Map<number, number>} */
  const out = new Map();
  let tids = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK);
    } catch {}
  }
  return out;
}
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * Per request, µs of CPU of the server's main thread, of its busiest other thread (the inference worker) and of the
 * rest (V8's helpers: garbage collection, compilation), between two threadCpu() snapshots.
 * @param {number} pid @param {Map<number, number>} before @param {Map<number, number>} after @param {number} requests
 */
function cpuPerRequest(pid, before, after, requests) {
  if (!after.size || !requests) return null;
  const delta = [...after].map(([tid, us]) => /** @type {[number, number]} */ ([tid, us - (before.get(tid) ?? 0)]));
  const main = delta.find(([tid]) => tid === pid)?.[1] ?? 0;
  const others = delta.filter(([tid]) => tid !== pid).sort((a, b) => b[1] - a[1]);
  const worker = others[0]?.[1] ?? 0;
  const rest = others.slice(1).reduce((s, [, us]) => s + us, 0);
  return { main: Math.round(main / requests), worker: Math.round(worker / requests), rest: Math.round(rest / requests) };
}

/** The routes held to the echo, whose ceiling on this machine is measured (see the top of this file). */
const CEILING_MODELS = ['convolution', 'autoencoder', 'attention'];
const CEILING_BATCH = 16;

/**
 * Each held model's inference alone, in µs of its worker thread's CPU per request: a pool of one thread started in
 * this process the way the server starts its own (contrib/ml/runtime/service.mjs, same worker, models and backend),
 * sent batches of 16 copies of the model's validated bench input back to back for `secs` seconds, no HTTP, no other
 * load. 16 is the most a batch can hold at 16 connections, and the batch size that costs least per request.
 * @param {string} backend @param {number} secs @returns {Promise<Record<string, number>>}
 */
async function inferenceAlone(backend, secs) {
  // The site's registry (@site/.manifold) resolves as it does in the server process.
  await import('manifold/register');
  const { InferenceService } = await import(pathToFileURL(path.join(frameworkDir, 'contrib', 'ml', 'runtime', 'service.mjs')).href);
  const { MODELS: SPECS } = await import(pathToFileURL(path.join(frameworkDir, 'contrib', 'ml', 'contract.mjs')).href);
  const service = new InferenceService({ threads: 1, backend });
  /** @type {Record<string, number>} */
  const out = {};
  try {
    await service.whenReady();
    for (const [model, body] of MODELS.filter(([m]) => CEILING_MODELS.includes(m))) {
      const one = JSON.stringify(SPECS[model].input.parse(body));
      const json = `[${Array(CEILING_BATCH).fill(one).join(',')}]`;
      for (let i = 0; i < 50; i++) await service.pool.run({ model, json });
      const before = threadCpu(process.pid);
      let batches = 0;
      const end = performance.now() + secs * 1000;
      while (performance.now() < end) {
        await service.pool.run({ model, json });
        batches++;
      }
      const after = threadCpu(process.pid);
      // The busiest thread other than this one is the pool's worker.
      const worker = Math.max(...[...after].filter(([tid]) => tid !== process.pid).map(([tid, us]) => us - (before.get(tid) ?? 0)));
      if (after.size) out[model] = worker / (batches * CEILING_BATCH);
    }
  } finally {
    await service.close();
  }
  return out;
}

/** CPU µs of every thread of this process (the load client runs here), summed. */
const ownCpu = () => [...threadCpu(process.pid).values()].reduce((a, b) => a + b, 0);

/** @param {import('autocannon').Result} r */
const row = (r) => ({ 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
/** @type {({ backend: string, model: string, connections: number } & ReturnType<typeof row>)[]} */
const results = [];
/** @typedef {{ main: number, worker: number, rest: number } | null} Cpu */
/** @type {{ backend: string, model: string, route: import('autocannon').Result, echo: import('autocannon').Result, bytes: number, cpu: Cpu, echoCpu: Cpu, clientCpu: number | null, inference: number | null }[]} */
const echoes = [];
/** @type {Record<string, { memoryMb: number, homeP99: number, homeP99Loaded: number, homeP50: number, homeP50Loaded: number, homeRps: number, homeRpsLoaded: number, demoReqPerSecUnderTest: number, demoErrors: number }>} */
const summary = {};

for (const backend of backends) {
  // The load comes from one address: without this the per-client rate limit would answer most of it with 429. One
  // server process, as the echo is one: a cluster would run a main thread and a worker pool per process on the same
  // cores, and the ratio would compare different shares of the machine (and the memory row, several servers).
  const env = { ...baseEnv, MANIFOLD_TF_BACKEND: backend, MANIFOLD_LOG_LEVEL: 'warn', MANIFOLD_ML_RATE_LIMIT: 'off', WEB_CONCURRENCY: '1' };
  // Before the server starts, so nothing else is running on the cores.
  const alone = await inferenceAlone(backend, Math.min(seconds, 3));
  const server = startNext(port, env, { stdio: 'ignore' });
  try {
    await waitUp();
    // Warm every model (and the page cache) before measuring; the last answer of each is what the echo writes.
    /** @type {Record<string, string>} */
    const answers = {};
    for (const [model, body] of MODELS) for (let i = 0; i < 20; i++) answers[`/api/ml/${model}`] = await (await fetch(post(model, body).url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).text();
    for (let i = 0; i < 20; i++) await fetch(`${base}/`);
    const memory = treeRssMb(server.pid ?? 0);
    const echo = await startEcho(answers);
    try {
      for (const [model, body] of MODELS) {
        // Measured warm, both of them: twenty requests leave V8 compiling the route's code for the first second under
        // load (measured: ~9,000 req/s there against ~23,000 after, for convolution), which a 5-second row averages in.
        await cannon({ ...post(model, body), connections: 16, duration: WARM_SECONDS });
        await drain();
        await cannon({ ...post(model, body), url: `http://127.0.0.1:${echoPort}/api/ml/${model}`, connections: 16, duration: WARM_SECONDS });
        for (const connections of [1, 16]) {
          const before = threadCpu(server.pid ?? 0);
          const r = await cannon({ ...post(model, body), connections });
          const cpu = cpuPerRequest(server.pid ?? 0, before, threadCpu(server.pid ?? 0), r.requests.total);
          results.push({ backend, model, connections, ...row(r) });
          await drain();
          if (connections === 16) {
            const echoBefore = threadCpu(echo.pid ?? 0);
            const clientBefore = ownCpu();
            const e = await cannon({ ...post(model, body), url: `http://127.0.0.1:${echoPort}/api/ml/${model}`, connections });
            const clientCpu = e.requests.total ? (ownCpu() - clientBefore) / e.requests.total : null;
            const echoCpu = cpuPerRequest(echo.pid ?? 0, echoBefore, threadCpu(echo.pid ?? 0), e.requests.total);
            echoes.push({ backend, model, route: r, echo: e, bytes: Buffer.byteLength(answers[`/api/ml/${model}`]), cpu, echoCpu, clientCpu, inference: alone[model] ?? null });
          }
          process.stderr.write('.');
        }
      }
    } finally {
      echo.kill();
    }
    // The home page alone, then while 16 connections hammer the two cheap demos.
    const homeAlone = await pageLatency(4, seconds);
    const children = hammer(seconds + 2);
    const pending = children.map(collect);
    await new Promise((r) => setTimeout(r, 1000));
    const homeLoaded = await pageLatency(4, seconds);
    const demo = (await Promise.all(pending)).filter((r) => r !== null);
    const memoryAfter = treeRssMb(server.pid ?? 0);
    summary[backend] = {
      memoryMb: Math.max(memory, memoryAfter),
      homeP99: homeAlone.p99,
      homeP99Loaded: homeLoaded.p99,
      homeP50: homeAlone.p50,
      homeP50Loaded: homeLoaded.p50,
      homeRps: homeAlone.rps,
      homeRpsLoaded: homeLoaded.rps,
      demoReqPerSecUnderTest: Math.round(demo.reduce((s, r) => s + r.requests.average, 0)),
      demoErrors: demo.reduce((s, r) => s + r.errors + r.timeouts + r.non2xx, 0) + homeAlone.errors + homeLoaded.errors,
    };
    process.stderr.write('\n');
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

console.log(`\nML demo latency (${seconds} s per row, autocannon on ${base}, ${backends.join(' vs ')} backend):`);
console.table(results);
console.log('Each model at 16 connections against a bare Node JSON echo of the same request and answer (ratio = req/s of the route ÷ req/s of the echo):');
console.table(
  echoes.map(({ backend, model, route, echo, bytes }) => ({
    backend,
    model,
    'answer bytes': bytes,
    'route req/s': Math.round(route.requests.average),
    'echo req/s': Math.round(echo.requests.average),
    ratio: +(route.requests.average / Math.max(echo.requests.average, 1)).toFixed(2),
    'route p50/p99 ms': `${route.latency.p50}/${route.latency.p99}`,
    'echo p50/p99 ms': `${echo.latency.p50}/${echo.latency.p99}`,
    'echo errors': echo.errors + echo.timeouts + echo.non2xx,
  })),
);
if (echoes.some((e) => e.cpu))
  console.log("CPU per request at 16 connections, µs (/proc: the server's main thread, its inference worker, its other threads; the echo's main thread and the rest):");
if (echoes.some((e) => e.cpu))
  console.table(
    echoes.map(({ backend, model, cpu, echoCpu }) => ({
      backend,
      model,
      'route main': cpu?.main,
      'route worker': cpu?.worker,
      'route other': cpu?.rest,
      'echo main': echoCpu?.main,
      'echo other': (echoCpu?.worker ?? 0) + (echoCpu?.rest ?? 0),
    })),
  );
/**
 * The most this machine allows a route, from one echo row: its inference alone plus the echo's own server CPU and
 * the client's, per request, against every core. Null off Linux (no /proc) or for a model not measured alone.
 * @param {(typeof echoes)[number]} e
 */
function ceiling(e) {
  if (e.inference === null || e.clientCpu === null || !e.echoCpu) return null;
  const floorUs = e.inference + e.echoCpu.main + e.echoCpu.worker + e.echoCpu.rest + e.clientCpu;
  const rps = (os.availableParallelism() * 1e6) / floorUs;
  return { floorUs, rps, ratio: Math.min(1, rps / Math.max(e.echo.requests.average, 1)) };
}
const ceilings = echoes.filter((e) => ceiling(e));
if (ceilings.length) {
  console.log(`What this machine (${os.availableParallelism()} cores) allows each route at most, µs of CPU per request: the model's inference alone (batches of ${CEILING_BATCH}, no HTTP) + the echo server's + the load client's; cores ÷ their sum = the ceiling:`);
  console.table(
    ceilings.map((e) => {
      const c = /** @type {NonNullable<ReturnType<typeof ceiling>>} */ (ceiling(e));
      const ratio = e.route.requests.average / Math.max(e.echo.requests.average, 1);
      return {
        backend: e.backend,
        model: e.model,
        'inference alone': +(/** @type {number} */ (e.inference)).toFixed(1),
        'echo server': (e.echoCpu?.main ?? 0) + (e.echoCpu?.worker ?? 0) + (e.echoCpu?.rest ?? 0),
        client: +(/** @type {number} */ (e.clientCpu)).toFixed(1),
        'ceiling req/s': Math.round(c.rps),
        'ceiling ratio': +c.ratio.toFixed(2),
        'route ratio': +ratio.toFixed(2),
        'share of ceiling': +(ratio / c.ratio).toFixed(2),
      };
    }),
  );
}
console.log('Home page (4 keep-alive clients) with and without 16 connections on the demos (convolution + autoencoder), and memory with every model loaded:');
console.table(
  Object.entries(summary).map(([backend, s]) => ({
    backend,
    'home p50 ms': s.homeP50,
    'home p99 ms': s.homeP99,
    'home p50 ms (demo load)': s.homeP50Loaded,
    'home p99 ms (demo load)': s.homeP99Loaded,
    'home req/s': s.homeRps,
    'home req/s (demo load)': s.homeRpsLoaded,
    'demo req/s meanwhile': s.demoReqPerSecUnderTest,
    'demo errors': s.demoErrors,
    'RSS MB': s.memoryMb,
  })),
);

const wasm = summary.wasm;
if (wasm) {
  const p50 = (/** @type {string} */ model) => /** @type {(typeof results)[number]} */ (results.find((r) => r.backend === 'wasm' && r.model === model && r.connections === 16))['p50 ms'];
  const ratio = wasm.homeP99Loaded / wasm.homeP99;
  const ofEcho = (/** @type {string} */ model) => {
    const e = /** @type {(typeof echoes)[number]} */ (echoes.find((r) => r.backend === 'wasm' && r.model === model));
    return e.route.requests.average / Math.max(e.echo.requests.average, 1);
  };
  /** @param {string} model */
  const allows = (model) => {
    const c = ceiling(/** @type {(typeof echoes)[number]} */ (echoes.find((r) => r.backend === 'wasm' && r.model === model)));
    return c ? ` (this machine allows at most ${c.ratio.toFixed(2)})` : '';
  };
  const checks = [
    ...['autoencoder', 'convolution', 'attention'].filter((model) => echoes.some((r) => r.backend === 'wasm' && r.model === model)).map((model) => /** @type {[string, boolean]} */ ([`${model}${model === 'autoencoder' ? ' (64 points)' : ''} at 16 connections: ${ofEcho(model).toFixed(2)} of the bare JSON echo's req/s ≥ 0.5${allows(model)}`, ofEcho(model) >= 0.5])),
    [`convolution p50 at 16 connections ${p50('convolution')} ms ≤ 5 ms`, p50('convolution') <= 5],
    [`autoencoder (64 points) p50 at 16 connections ${p50('autoencoder')} ms ≤ 5 ms`, p50('autoencoder') <= 5],
    [`home p99 under demo load ${wasm.homeP99Loaded} ms vs ${wasm.homeP99} ms alone (${ratio.toFixed(2)}x) < 2x`, ratio < 2],
    [`memory with every model loaded ${wasm.memoryMb} MB < 500 MB`, wasm.memoryMb < 500],
  ];
  for (const [text, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${text}`);
  if (summary.cpu) {
    /** @param {string} model */
    const speedup = (model) => {
      const at16 = (/** @type {string} */ backend) => /** @type {(typeof results)[number]} */ (results.find((r) => r.backend === backend && r.model === model && r.connections === 16))['req/s'];
      const w = at16('wasm');
      const c = at16('cpu');
      return `${model} ${(w / Math.max(c, 1)).toFixed(1)}x`;
    };
    console.log(`wasm vs cpu throughput at 16 connections: ${MODELS.map(([m]) => speedup(m)).join(', ')}`);
  }
  const echoRows = echoes.map((e) => ({ backend: e.backend, model: e.model, bytes: e.bytes, route: row(e.route), echo: row(e.echo), ratio: e.route.requests.average / Math.max(e.echo.requests.average, 1), cpuMicrosPerRequest: { route: e.cpu, echo: e.echoCpu, client: e.clientCpu, inferenceAlone: e.inference }, ceiling: ceiling(e) }));
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ seconds, results, echo: echoRows, summary }, null, 2));
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
