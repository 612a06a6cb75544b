// The logger (lib/log.mjs, on pino) in real processes: in production the request listener's lines are JSON, one per
// line, with time, level, message and the request id that came in on x-request-id; in development they are readable lines;
// MANIFOLD_LOG_LEVEL drops what is below it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const handler = fileURLToPath(new URL('../server/handler.mjs', import.meta.url));
const log = fileURLToPath(new URL('../log.mjs', import.meta.url));
const PORT = 3126;

/** A process serving the real request listener, whose Next handler fails on /boom; returns its stderr once stopped. */
async function serve(env: Record<string, string>, requests: (base: string) => Promise<void>) {
  const script = `
    import http from 'node:http';
    import { createRequestListener } from ${JSON.stringify(handler)};
    import { logger } from ${JSON.stringify(log)};
    const listener = createRequestListener({ handle: (req, res) => { if (req.url === '/boom') throw new Error('kaboom'); res.end('ok'); } });
    http.createServer(listener).listen(${PORT}, '127.0.0.1', () => { logger.info('listening', { port: ${PORT} }); logger.debug('debug detail'); console.log('up'); });
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] as const });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => String(d).includes('up') && resolve());
    child.once('exit', (code: number | null) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  try {
    await requests(`http://127.0.0.1:${PORT}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return stderr;
}

describe('the logger', () => {
  it('writes parseable JSON lines in production, with the request id that came in on x-request-id', async () => {
    let answered: Response | undefined;
    const stderr = await serve({ NODE_ENV: 'production' }, async (base) => {
      answered = await fetch(`${base}/boom`, { headers: { 'x-request-id': 'nginx-4f2a9c' } });
      await answered.text();
    });
    expect(answered!.status).toBe(500);
    expect(answered!.headers.get('x-request-id')).toBe('nginx-4f2a9c');
    const lines = stderr.split('\n').filter(Boolean);
    // Every line is one JSON object (nothing else is written to stderr).
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries[0]).toMatchObject({ level: 'info', message: 'listening', port: PORT });
    const failed = entries.find((e) => e.message === 'request failed');
    expect(failed).toMatchObject({ level: 'error', requestId: 'nginx-4f2a9c', method: 'GET', url: '/boom', error: 'kaboom' });
    expect(new Date(failed!.time as string).toISOString()).toBe(failed!.time);
    expect(typeof failed!.pid).toBe('number');
    // Below the default level (info): not written.
    expect(entries.some((e) => e.message === 'debug detail')).toBe(false);
  });

  it('writes readable lines in development, and honours MANIFOLD_LOG_LEVEL', async () => {
    const stderr = await serve({ NODE_ENV: 'development', MANIFOLD_LOG_LEVEL: 'debug' }, async (base) => {
      await (await fetch(`${base}/boom`, { headers: { 'x-request-id': 'dev-1' } })).text();
    });
    expect(stderr).toContain(`[info] listening {"port":${PORT}}\n`);
    expect(stderr).toContain('[debug] debug detail\n');
    expect(stderr).toMatch(/^\[error\] request failed \{"requestId":"dev-1","method":"GET","url":"\/boom","error":"kaboom",/m);

    const quiet = await serve({ NODE_ENV: 'production', MANIFOLD_LOG_LEVEL: 'error' }, async (base) => {
      await (await fetch(`${base}/boom`)).text();
    });
    const entries = quiet.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => e.message)).toEqual(['request failed']);
    // No id came in: the listener made one, and logged it.
    expect(entries[0].requestId).toMatch(/^[\w-]{8,}$/);
  });
});
