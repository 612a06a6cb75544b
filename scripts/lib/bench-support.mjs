// What the benchmarks share (scripts/bench.mjs, scripts/loadtest.mjs): PostgreSQL administration, waiting for a
// child process, starting a production server.mjs and knowing when it is ready, and autocannon's reconnect fix.
import pg from 'pg';
import { startNext } from 'manifold/testing/serve';

export const PG_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the PostgreSQL server as its admin (CREATE/DROP DATABASE). @param {string} sql */
export async function pgAdmin(sql) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Whether the child has exited (now, or within `ms`).
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} ms
 */
export function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts server.mjs on `port` with `env` and resolves with its start-up line once it is ready (a cluster says so
 * when every worker listens, with how many there are); rejects with the end of its output if it exits or takes
 * more than 120 s. `output()` is the last 20,000 characters it wrote.
 * @param {number} port @param {NodeJS.ProcessEnv} env
 */
export async function startServer(port, env) {
  const child = startNext(port, env, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (/** @type {Buffer} */ d) => (output = (output + d).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    /** @type {string} */
    const line = await new Promise((resolve, reject) => {
      const onData = () => {
        const ready = /Manifold ready on [^\n]*/.exec(output);
        if (ready) done(() => resolve(ready[0]));
      };
      const onExit = (/** @type {number | null} */ code) => done(() => reject(new Error(`server exited (${code}):\n${output.slice(-2000)}`)));
      const timer = setTimeout(() => done(() => reject(new Error(`server did not start in 120 s:\n${output.slice(-2000)}`))), 120_000);
      const done = (/** @type {() => void} */ settle) => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        settle();
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      onData();
    });
    return { child, line, output: () => output };
  } catch (err) {
    await stopServer(child);
    throw err;
  }
}

/** SIGTERM, then SIGKILL if it has not gone in 20 s. @param {import('node:child_process').ChildProcess} child */
export async function stopServer(child) {
  child.kill('SIGTERM');
  if (!(await exited(child, 20_000))) {
    child.kill('SIGKILL');
    await exited(child, 5000);
  }
}

/**
 * autocannon writes its next request on the same connection even when the answer said `Connection: close` (as
 * gunicorn's sync workers always do): the write fails, counts as an error and loses the request. Reconnect first, as
 * wrk and browsers do. Reaches into autocannon's client (8.x): _doRequest sends, _resetConnection reconnects and sends.
 * @param {any} client
 */
export function reconnectOnClose(client) {
  let closing = false;
  client.on('headers', (/** @type {{ shouldKeepAlive?: boolean }} */ info) => (closing = info.shouldKeepAlive === false));
  const send = client._doRequest;
  client._doRequest = function (/** @type {unknown[]} */ ...rest) {
    if (!closing) return send.apply(this, rest);
    closing = false;
    this._resetConnection();
  };
}
