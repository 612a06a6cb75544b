// lib/endpoint.mjs' `body: 'bytes'` and `req.query`, through both adapters (nextRoute as Next calls it, nodeHandler
// behind a real HTTP server): the raw bytes reach the handler unchanged, any content type is taken, the limit (a
// number or a function asked per request) refuses a declared or a streamed oversize body with 413 before the handler.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEndpoint, nextRoute, nodeHandler } from '../../../lib/endpoint.mjs';

let limit = 64;
let handled = 0;
const endpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/t/bytes',
    fast: true,
    body: 'bytes',
    bodyLimit: () => limit,
    handler: (req) => {
      handled++;
      return { length: req.body?.length, hex: req.body?.toString('hex'), name: req.query.get('name'), all: [...req.query.keys()] };
    },
  }),
  defineEndpoint({ method: 'GET', path: '/t/query', fast: true, handler: (req) => ({ q: req.query.get('q'), page: req.query.get('page') }) }),
];

let server: http.Server;
let base: string;
const route = nextRoute(endpoints);
beforeAll(async () => {
  const fast = nodeHandler(endpoints);
  server = http.createServer((req, res) => {
    if (!fast(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

type Sent = { method: string; path: string; body?: Uint8Array | ReadableStream; headers?: Record<string, string> };
async function viaNext(s: Sent) {
  const res = await route[s.method as 'POST'](new Request(`http://localhost${s.path}`, { method: s.method, body: s.body, headers: s.headers, duplex: 'half' } as RequestInit));
  return { status: res.status, body: await res.json() };
}
async function viaNode(s: Sent) {
  const res = await fetch(`${base}${s.path}`, { method: s.method, body: s.body, headers: s.headers, duplex: 'half' } as RequestInit);
  return { status: res.status, body: await res.json() };
}

describe.each([
  ['nextRoute', viaNext],
  ['nodeHandler', viaNode],
])('%s', (_name, send) => {
  it('hands the handler the raw bytes and the query, whatever the content type', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 10, 13]);
    const r = await send({ method: 'POST', path: '/t/bytes?name=%ED%95%9C%EA%B8%80.png&x=1', body: bytes, headers: { 'content-type': 'image/png' } });
    expect(r).toEqual({ status: 200, body: { length: 8, hex: '89504e4700ff0a0d', name: '한글.png', all: ['name', 'x'] } });
    const r2 = await send({ method: 'POST', path: '/t/bytes', body: bytes, headers: { 'content-type': 'text/plain' } });
    expect(r2.body).toMatchObject({ length: 8, name: null, all: [] });
    expect((await send({ method: 'GET', path: '/t/query?q=%EA%B3%A0%EC%96%91%EC%9D%B4&page=2' })).body).toEqual({ q: '고양이', page: '2' });
  });

  it('refuses a body over the limit with 413 before the handler runs, declared or streamed; the limit is asked per request', async () => {
    const before = handled;
    limit = 64;
    const declared = await send({ method: 'POST', path: '/t/bytes', body: new Uint8Array(65), headers: { 'content-type': 'application/octet-stream' } });
    // fetch declares the length (refused before reading); a web Request built in-process may not (refused while reading).
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/^(Body is 65 bytes; the limit is 64\.|Body is over the limit of 64 bytes\.)$/);
    const chunks = [new Uint8Array(40), new Uint8Array(40)];
    const stream = new ReadableStream({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    const streamed = await send({ method: 'POST', path: '/t/bytes', body: stream, headers: { 'content-type': 'application/octet-stream' } });
    expect(streamed).toEqual({ status: 413, body: { error: 'Body is over the limit of 64 bytes.' } });
    expect(handled).toBe(before);
    limit = 100;
    expect((await send({ method: 'POST', path: '/t/bytes', body: new Uint8Array(80) })).body.length).toBe(80);
  });
});

it('a bytes body cannot be declared with a JSON schema or on a GET', async () => {
  const { z } = await import('zod');
  expect(() => defineEndpoint({ method: 'POST', path: '/t/x', body: 'bytes', input: z.object({}), handler: () => null })).toThrow(/bytes body/);
  expect(() => defineEndpoint({ method: 'GET', path: '/t/x', body: 'bytes', handler: () => null })).toThrow(/bytes body/);
  // @ts-expect-error only 'bytes' is a body kind
  expect(() => defineEndpoint({ method: 'POST', path: '/t/x', body: 'text', handler: () => null })).toThrow(/body must be 'bytes'/);
});
