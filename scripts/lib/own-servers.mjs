// A PostgreSQL and a Redis of the load test's own (Debian's binaries, a private data folder and port each), so its
// faults are real restarts of real servers — what an operator's `systemctl restart postgresql` or a failover does:
// every session terminated, connections refused while it is down, then a server that has to be connected to anew —
// without touching the machine's own servers that other work shares.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** Debian's newest PostgreSQL bin folder (/usr/lib/postgresql/<major>/bin), or null. */
export function postgresBin() {
  const base = '/usr/lib/postgresql';
  const majors = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const m of majors) if (fs.existsSync(path.join(base, m, 'bin', 'initdb'))) return path.join(base, m, 'bin');
  return null;
}

/** The redis-server binary, or null. */
export function redisBin() {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p)) ?? null;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. @param {number} port */
export const listening = (port) =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
  });

/**
 * A private PostgreSQL cluster on 127.0.0.1:`port` (trust auth, user postgres), in a fresh temporary folder. PostgreSQL
 * refuses to run as root: as root its commands run as the `postgres` user, which owns the folder.
 * @param {{ port: number }} o
 */
export async function startPostgres({ port }) {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (apt-get install postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const root = process.getuid?.() === 0;
  if (root) {
    const id = (/** @type {string} */ flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, id('-u'), id('-g'));
  }
  /** @param {string} tool @param {string[]} args */
  const run = (tool, args) => {
    const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} ${args[0] ?? ''} failed (${r.status}): ${(r.stderr || r.stdout).trim().slice(-500)}${fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-500)}` : ''}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=200`;
  const start = () => run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
  // fast: every session is terminated and the server stops cleanly, as a restart by the service manager does.
  const stop = (mode = 'fast') => run('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '60']);
  start();
  return {
    port,
    /** @param {string} database */
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    /**
     * Stops the server (sessions terminated), keeps it down `downMs`, starts it again; resolves once it accepts
     * connections, with when it went down and when it was back (performance.now()).
     * @param {{ downMs: number }} o
     */
    async restart({ downMs }) {
      stop();
      const downAt = performance.now();
      await sleep(downMs);
      start();
      return { downAt, upAt: performance.now() };
    },
    async close() {
      try {
        stop('immediate');
      } catch {
        /* already down */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private Redis on 127.0.0.1:`port`, no persistence, in a fresh temporary folder.
 * @param {{ port: number }} o
 */
export async function startRedis({ port }) {
  const bin = redisBin();
  if (!bin) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-redis-'));
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  let output = '';
  const start = async () => {
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output = (output + d).slice(-4000)));
    child.stderr?.on('data', (d) => (output = (output + d).slice(-4000)));
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) break;
      if (await listening(port)) return;
      await sleep(25);
    }
    throw new Error(`redis-server did not start on ${port}:\n${output.slice(-500)}`);
  };
  const stop = async (signal = /** @type {NodeJS.Signals} */ ('SIGTERM')) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    /** Stops Redis (every connection closed), keeps it down `downMs`, starts it again (empty: no persistence). @param {{ downMs: number }} o */
    async restart({ downMs }) {
      await stop();
      const downAt = performance.now();
      await sleep(downMs);
      await start();
      return { downAt, upAt: performance.now() };
    },
    async close() {
      await stop('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
