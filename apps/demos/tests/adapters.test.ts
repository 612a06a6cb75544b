// The ml endpoints (contrib/ml/endpoints.mjs) through both of their adapters, the fast path server.mjs puts in front of
// Next (a real HTTP server on a port) and the Next route handlers (app/api/ml/**/route.ts): one table of bad requests
// must get the same status and the same message from both, for every declared endpoint; the body limit holds at
// exactly its figure; and the per-client rate limit answers 429 with Retry-After and only believes X-Forwarded-For
// from a trusted proxy.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as modelRoute from '../../../app/api/ml/[model]/route';
import * as listRoute from '../../../app/api/ml/route';
import { loadSettings } from 'manifold/settings';
import { mlEndpoints } from 'manifold/ml/endpoints';
import { inferenceService } from 'manifold/ml/inference';
import { handleMlRequest } from 'manifold/ml/runtime/http';
import { configureMlLimits } from 'manifold/ml/runtime/request';

let fast: http.Server;
let fastUrl: string;

beforeAll(async () => {
  fast = http.createServer((req, res) => {
    if (!handleMlRequest(req, res)) res.writeHead(418).end('not a model call');
  });
  await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
  fastUrl = `http://127.0.0.1:${(fast.address() as AddressInfo).port}`;
  await inferenceService().whenReady();
});

afterAll(async () => {
  await new Promise((resolve) => fast.close(resolve));
  await inferenceService().close();
});

beforeEach(() => configureMlLimits({ rateLimit: 'off' }));

interface Call {
  /** the path segment after /api/ml/, as sent (percent-encoding untouched) */
  segment: string;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}
interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** Through the fast path, over a socket; a request nothing answers fails here instead of hanging. */
async function viaFast({ segment, body, headers = {} }: Call): Promise<Answer> {
  const res = await fetch(`${fastUrl}/api/ml/${segment}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Through the Next route handler, with the headers Next would pass on (Content-Length as the client sent it). */
async function viaNext({ segment, body, headers = {} }: Call): Promise<Answer> {
  const length = body === undefined ? undefined : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const all = { ...(length === undefined ? {} : { 'content-length': String(length) }), ...headers };
  const req = new Request(`http://localhost/api/ml/${segment}`, { method: 'POST', body, headers: all });
  const res = await modelRoute.POST(req);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const deep = `{"points":[[${'['.repeat(60_000)}1${']'.repeat(60_000)},2,3]]}`;
const MODELS_LIST = 'autoencoder, gradient-descent, loss-compare, convolution, dcgan, da-rnn, attention';

// [what, request, status, message (exact, or a pattern where the figure is the sender's)]
const table: [string, Call, number, string | RegExp][] = [
  ['malformed percent-encoding in the path', { segment: '%E0%A4%A', body: '{}', headers: JSON_TYPE }, 400, 'The model in the path is not valid percent-encoding.'],
  ['a lone % in the path', { segment: '%', body: '{}', headers: JSON_TYPE }, 400, 'The model in the path is not valid percent-encoding.'],
  ['an unknown model', { segment: 'resnet', body: '{}', headers: JSON_TYPE }, 404, `No model named "resnet". The models are: ${MODELS_LIST}.`],
  ['an unknown model with a huge name', { segment: 'x'.repeat(5000), body: '{}', headers: JSON_TYPE }, 404, `No model named "${'x'.repeat(40)}…". The models are: ${MODELS_LIST}.`],
  ['text/plain (a simple form post)', { segment: 'convolution', body: '{"signal":[1],"kernel":[1]}', headers: { 'content-type': 'text/plain' } }, 415, 'Send the body as JSON with "Content-Type: application/json" (UTF-8); got "text/plain".'],
  ['urlencoded form', { segment: 'convolution', body: 'signal=1&kernel=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'Send the body as JSON with "Content-Type: application/json" (UTF-8); got "application/x-www-form-urlencoded".'],
  ['multipart form', { segment: 'convolution', body: '--x\r\n\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, 415, 'Send the body as JSON with "Content-Type: application/json" (UTF-8); got "multipart/form-data".'],
  ['JSON in another charset', { segment: 'convolution', body: '{"signal":[1],"kernel":[1]}', headers: { 'content-type': 'application/json; charset=latin1' } }, 415, 'Send the body as JSON with "Content-Type: application/json" (UTF-8); got "application/json" with charset latin1.'],
  ['no content type', { segment: 'convolution', body: new TextEncoder().encode('{"signal":[1],"kernel":[1]}') }, 415, 'Send the body as JSON with "Content-Type: application/json" (UTF-8); got none.'],
  ['an empty body', { segment: 'autoencoder', body: '', headers: JSON_TYPE }, 400, 'Body is empty; send a JSON object.'],
  ['not JSON', { segment: 'autoencoder', body: 'not json', headers: JSON_TYPE }, 400, 'Body is not valid JSON.'],
  ['NaN (not JSON)', { segment: 'autoencoder', body: '{"points": [[1, 2, NaN]]}', headers: JSON_TYPE }, 400, 'Body is not valid JSON.'],
  ['a point nested 60,000 arrays deep', { segment: 'autoencoder', body: deep, headers: JSON_TYPE }, 400, 'Body nests arrays and objects more than 32 levels deep.'],
  ['a wrong shape', { segment: 'autoencoder', body: '{"points": [[1, 2]]}', headers: JSON_TYPE }, 400, 'points[0]: must be [x, y, z] (3 numbers)'],
  ['a string for a number', { segment: 'autoencoder', body: '{"points": [[1, "two", 3]]}', headers: JSON_TYPE }, 400, 'points[0][1]: expected a finite number, got "two"'],
  ['nesting within the depth bound', { segment: 'autoencoder', body: '{"points": [[[[[[1]]]], 2, 3]]}', headers: JSON_TYPE }, 400, 'points[0][0]: expected a finite number, got [[[[1]]]]'],
  ['an unknown key with a huge name', { segment: 'autoencoder', body: JSON.stringify({ points: [[1, 2, 3]], ['k'.repeat(10_000)]: 1 }), headers: JSON_TYPE }, 400, /^body: Unrecognized key: "k{200,}…$/],
  ['neither input', { segment: 'autoencoder', body: '{}', headers: JSON_TYPE }, 400, 'body: send either "points" ([[x, y, z], …], 1 to 2048 points of the swiss roll) or "latent" ([[a, b], …]) to decode'],
  ['uppercase text', { segment: 'attention', body: '{"text": "Upper"}', headers: JSON_TYPE }, 400, 'text: text may use only lowercase letters a–z and digits 0–9'],
  ['an oversize body', { segment: 'autoencoder', body: JSON.stringify({ points: Array.from({ length: 100_000 }, () => [1, 2, 3]) }), headers: JSON_TYPE }, 413, 'Body is 800012 bytes; the limit is 262144.'],
];

describe('the same bad request gets the same answer from both adapters', () => {
  it.each(table)('%s', async (_what, call, status, message) => {
    const [a, b] = [await viaFast(call), await viaNext(call)];
    expect(a.status).toBe(status);
    expect(b.status).toBe(status);
    expect(a.body).toEqual(b.body);
    expect(Object.keys(a.body)).toEqual(['error']);
    if (typeof message === 'string') expect(a.body.error).toBe(message);
    else expect(a.body.error).toMatch(message);
    expect((a.body.error as string).length).toBeLessThan(400);
  });

  it('takes application/json with a UTF-8 charset, in any case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const call = { segment: 'convolution', body: '{"signal":[1,2,3],"kernel":[1,2]}', headers: { 'content-type': type } };
      for (const answer of [await viaFast(call), await viaNext(call)]) {
        expect(answer.status).toBe(200);
        expect(answer.body.output).toEqual([5, 8]);
      }
    }
  });

  it('keeps serving after the bad requests', async () => {
    const call = { segment: 'convolution', body: '{"signal":[1,4,6,7,4],"kernel":[1,1,1],"normalize":true}', headers: JSON_TYPE };
    for (const answer of [await viaFast(call), await viaNext(call)]) expect(answer.body.output).toEqual([3.6667, 5.6667, 5.6667]);
  });
});

describe('the autoencoder body limit is 262144 bytes in both adapters', () => {
  // The figure is written here, not read from contract.mjs: a limit changed by mistake must fail this test.
  const LIMIT = 262_144;
  const padded = (bytes: number) => {
    const json = '{"points":[[1,2,3]]}';
    return json + ' '.repeat(bytes - json.length);
  };

  it('takes a body of exactly the limit and refuses one byte more, declared', async () => {
    for (const via of [viaFast, viaNext]) {
      const ok = await via({ segment: 'autoencoder', body: padded(LIMIT), headers: JSON_TYPE });
      expect(ok.status).toBe(200);
      expect(ok.body.reconstruction).toHaveLength(1);
      const over = await via({ segment: 'autoencoder', body: padded(LIMIT + 1), headers: JSON_TYPE });
      expect(over.status).toBe(413);
      expect(over.body).toEqual({ error: 'Body is 262145 bytes; the limit is 262144.' });
    }
  });

  it('counts a streamed body without a declared length the same way', async () => {
    const stream = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          const bytes = new TextEncoder().encode(text);
          for (let i = 0; i < bytes.length; i += 10_000) c.enqueue(bytes.subarray(i, i + 10_000));
          c.close();
        },
      });
    for (const [bytes, status] of [
      [LIMIT, 200],
      [LIMIT + 1, 413],
    ] as const) {
      const fastRes = await fetch(`${fastUrl}/api/ml/autoencoder`, { method: 'POST', body: stream(padded(bytes)), headers: JSON_TYPE, duplex: 'half', signal: AbortSignal.timeout(10_000) } as RequestInit);
      const nextRes = await modelRoute.POST(new Request('http://localhost/api/ml/autoencoder', { method: 'POST', body: stream(padded(bytes)), headers: JSON_TYPE, duplex: 'half' } as RequestInit));
      for (const res of [fastRes, nextRes]) {
        expect(res.status).toBe(status);
        if (status === 413) expect(await res.json()).toEqual({ error: 'Body is over the limit of 262144 bytes.' });
        else expect((await res.json()).reconstruction).toHaveLength(1);
      }
    }
  });
});

describe('per-client rate limit', () => {
  const ok = { segment: 'convolution', body: '{"signal":[1,2],"kernel":[1]}', headers: JSON_TYPE };

  it('answers 429 with Retry-After past the limit, in both adapters, and not before', async () => {
    for (const via of [viaFast, viaNext]) {
      configureMlLimits({ rateLimit: '3/60s' });
      for (let i = 0; i < 3; i++) expect((await via(ok)).status).toBe(200);
      const refused = await via(ok);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatch(/^Too many demo-model requests from your address \(the limit is 3 per 60 s\); try again in (\d+) s\.$/);
      const retry = Number(refused.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(58);
      expect(retry).toBeLessThanOrEqual(60);
      expect(refused.body.error).toContain(`try again in ${retry} s`);
    }
  });

  it('counts bad requests too, so a script cannot probe for free', async () => {
    configureMlLimits({ rateLimit: '2/60s' });
    const bad = { segment: 'autoencoder', body: 'nope', headers: JSON_TYPE };
    expect((await viaFast(bad)).status).toBe(400);
    expect((await viaFast(bad)).status).toBe(400);
    expect((await viaFast(bad)).status).toBe(429);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    configureMlLimits({ rateLimit: '2/60s' });
    // Untrusted: a new forwarded address per request does not buy a new budget.
    const spoof = (ip: string) => viaFast({ ...ok, headers: { ...JSON_TYPE, 'x-forwarded-for': ip } });
    expect([(await spoof('1.1.1.1')).status, (await spoof('2.2.2.2')).status, (await spoof('3.3.3.3')).status]).toEqual([200, 200, 429]);

    // The test's socket peer is 127.0.0.1: trusted, each forwarded client has its own budget.
    configureMlLimits({ rateLimit: '2/60s', trustedProxies: '127.0.0.1' });
    expect([(await spoof('1.1.1.1')).status, (await spoof('1.1.1.1')).status, (await spoof('1.1.1.1')).status]).toEqual([200, 200, 429]);
    expect((await spoof('2.2.2.2')).status).toBe(200);
    // A client's own X-Forwarded-For in front of the proxy's entry does not change its key: the proxy's last entry counts.
    expect((await spoof('9.9.9.9, 1.1.1.1')).status).toBe(429);
  });

  it('in the Next route, reads the address Next recorded and trusts only the configured proxies', async () => {
    configureMlLimits({ rateLimit: '1/60s', trustedProxies: '10.0.0.1' });
    const from = (xff: string) => viaNext({ ...ok, headers: { ...JSON_TYPE, 'x-forwarded-for': xff } });
    expect((await from('5.5.5.5, 10.0.0.1')).status).toBe(200);
    expect((await from('6.6.6.6, 5.5.5.5, 10.0.0.1')).status).toBe(429);
    expect((await from('7.7.7.7, 10.0.0.1')).status).toBe(200);
  });

  it('is off with "off", and a malformed setting stops start-up with one line', () => {
    configureMlLimits({ rateLimit: 'off' });
    expect(loadSettings({ MANIFOLD_ML_RATE_LIMIT: 'off' }).mlRateLimit).toBeNull();
    expect(loadSettings({}).mlRateLimit).toEqual({ points: 40, seconds: 2 });
    expect(loadSettings({}).trustedProxies).toEqual([]);
    expect(loadSettings({ MANIFOLD_ML_RATE_LIMIT: '100/10s', MANIFOLD_TRUSTED_PROXIES: '10.0.0.1, ::1' })).toMatchObject({ mlRateLimit: { points: 100, seconds: 10 }, trustedProxies: ['10.0.0.1', '::1'] });
    expect(() => loadSettings({ MANIFOLD_ML_RATE_LIMIT: 'fast' })).toThrow('MANIFOLD_ML_RATE_LIMIT: "fast" is not a rate limit; write <requests>/<seconds>s, such as 40/2s, or off');
    expect(() => loadSettings({ MANIFOLD_TRUSTED_PROXIES: 'proxy.local' })).toThrow('MANIFOLD_TRUSTED_PROXIES: "proxy.local" is not an IP address');
  });
});

describe('every declared ml endpoint answers the same hostile requests the same way through both adapters', () => {
  type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  interface Raw {
    method: Method;
    path: string;
    body?: string;
    headers?: Record<string, string>;
  }
  const answerOf = async (res: Response) => ({ status: res.status, body: await res.text(), allow: res.headers.get('allow'), type: res.headers.get('content-type') });

  const rawFast = async ({ method, path, body, headers = {} }: Raw) => answerOf(await fetch(`${fastUrl}${path}`, { method, body, headers, signal: AbortSignal.timeout(10_000) }));
  const rawNext = async ({ method, path, body, headers = {} }: Raw) => {
    const route = path === '/api/ml' ? listRoute : modelRoute;
    const length: Record<string, string> = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    return answerOf(await route[method](new Request(`http://localhost${path}`, { method, body, headers: { ...length, ...headers } })));
  };

  // One concrete path per declaration (a :model becomes a real model and a name that is none).
  const paths = [...new Set(mlEndpoints.flatMap((e) => (e.path.includes(':model') ? [e.path.replace(':model', 'convolution'), e.path.replace(':model', 'resnet')] : [e.path])))];
  const calls: [string, Raw][] = [];
  for (const path of paths) {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'GET'] as const) calls.push([`${method} ${path}`, { method, path }]);
    calls.push([`POST ${path}, text/plain`, { method: 'POST', path, body: '{}', headers: { 'content-type': 'text/plain' } }]);
    calls.push([`POST ${path}, no body`, { method: 'POST', path, headers: JSON_TYPE }]);
    calls.push([`POST ${path}, not JSON`, { method: 'POST', path, body: '{"signal":', headers: JSON_TYPE }]);
    calls.push([`POST ${path}, 60,000 deep`, { method: 'POST', path, body: deep, headers: JSON_TYPE }]);
    calls.push([`POST ${path}, wrong shape`, { method: 'POST', path, body: '{"signal":"x","kernel":[1]}', headers: JSON_TYPE }]);
    calls.push([`POST ${path}, 300 KB`, { method: 'POST', path, body: `{"signal":[1],"kernel":[1]}${' '.repeat(300_000)}`, headers: JSON_TYPE }]);
  }

  it('covers every declaration', () => {
    expect(new Set(paths)).toEqual(new Set(['/api/ml', '/api/ml/resnet', ...MODELS_LIST.split(', ').map((m) => `/api/ml/${m}`)]));
    expect(mlEndpoints.map((e) => `${e.method} ${e.path}`).filter((e) => e.includes(':'))).toEqual(['GET /api/ml/:model', 'POST /api/ml/:model']);
  });

  it.each(calls)('%s', async (_what, call) => {
    const [a, b] = [await rawFast(call), await rawNext(call)];
    expect(a).toEqual(b);
    expect(a.status).not.toBe(500);
    expect(a.status).not.toBe(418); // 418: the fast path passed it on to Next
    if (a.status === 405) {
      expect(a.allow).toMatch(/^(GET, HEAD|GET, HEAD, POST|POST), OPTIONS$/);
      expect(JSON.parse(a.body).error).toBe(`${call.method} is not allowed here; this address takes ${a.allow}.`);
    }
    if (call.method === 'OPTIONS') expect([a.status, a.body]).toEqual([204, '']);
    if (call.method === 'HEAD') expect(a.body).toBe('');
    if (a.status >= 400 && call.method !== 'HEAD') expect(Object.keys(JSON.parse(a.body))).toEqual(['error']);
  });

  it('gives the expected answer for a sample of them', async () => {
    const status = async (call: Raw) => (await rawFast(call)).status;
    expect(await status({ method: 'PUT', path: '/api/ml' })).toBe(405);
    expect((await rawFast({ method: 'PUT', path: '/api/ml/convolution' })).allow).toBe('GET, HEAD, POST, OPTIONS');
    expect((await rawFast({ method: 'POST', path: '/api/ml' })).allow).toBe('GET, HEAD, OPTIONS');
    expect(await status({ method: 'GET', path: '/api/ml/convolution' })).toBe(200);
    expect(JSON.parse((await rawFast({ method: 'GET', path: '/api/ml/resnet' })).body)).toEqual({ error: `No model named "resnet". The models are: ${MODELS_LIST}.` });
    // An unknown model is a 404 before its body is looked at, whatever it is.
    expect(await status({ method: 'POST', path: '/api/ml/resnet', body: 'x', headers: { 'content-type': 'text/plain' } })).toBe(404);
    expect(await status({ method: 'POST', path: '/api/ml/convolution', body: `{"signal":[1],"kernel":[1]}${' '.repeat(300_000)}`, headers: JSON_TYPE })).toBe(413);
    expect(JSON.parse((await rawFast({ method: 'GET', path: '/api/ml' })).body).models.map((m: { name: string }) => m.name).join(', ')).toBe(MODELS_LIST);
  });

  it('passes on to Next what no ml endpoint declares', async () => {
    for (const path of ['/api/mlx', '/api/ml/convolution/extra', '/api/ml/convolution/', '/api/health']) {
      const res = await fetch(`${fastUrl}${path}`, { method: 'POST', body: '{}', headers: JSON_TYPE });
      expect(res.status, path).toBe(418);
    }
  });
});
