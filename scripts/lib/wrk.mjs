// The benchmark's load generator when wrk is installed (Debian's `wrk`): the tool the issues measured with, written in
// C, so on a small machine it leaves the server the cores autocannon (one busy Node process parsing every answer)
// takes. It runs with one thread and a Lua script made per row: the request's headers, the paths to cycle through
// (each row's own sequence, drawn beforehand), and, when asked, a count of the page cache's x-manifold-cache labels.
// What comes back has the fields of autocannon's result that scripts/bench.mjs reads, so a row is the same either way.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Whether `wrk` runs here. */
export function hasWrk() {
  const r = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return !r.error && /^wrk \S*\d/m.test(`${r.stdout}${r.stderr}`);
}

/** A Lua string literal. @param {string} s */
const lua = (s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;

/**
 * @typedef {{ requests: { average: number, total: number }, latency: { p50: number, p99: number, max: number },
 *   errors: number, timeouts: number, non2xx: number, duration: number }} WrkResult milliseconds, as autocannon's
 */

/**
 * Loads `target` for `seconds` with `connections`: one path, or `paths` in turn (each connection takes the next).
 * @param {string} target base URL
 * @param {{ path?: string, paths?: string[], connections: number, seconds: number, headers?: Record<string, string>, labels?: boolean }} o
 * @returns {Promise<{ result: WrkResult, total: number, labels: Record<string, number> }>}
 */
export async function wrkLoad(target, { path: one = '/', paths, connections, seconds, headers = {}, labels = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
  try {
    const list = path.join(dir, 'paths.txt');
    fs.writeFileSync(list, `${(paths ?? [one]).join('\n')}\n`);
    const script = path.join(dir, 'row.lua');
    fs.writeFileSync(
      script,
      `local paths = {}
for line in io.lines(${lua(list)}) do paths[#paths + 1] = line end
local headers = {}
${Object.entries(headers)
  .map(([k, v]) => `headers[${lua(k)}] = ${lua(v)}`)
  .join('\n')}
local i = 0
counts = {}
total = 0
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
${
  labels
    ? `function response(status, h, body)
  total = total + 1
  local l = h["x-manifold-cache"] or h["X-Manifold-Cache"]
  if l then counts[l] = (counts[l] or 0) + 1 end
end`
    : ''
}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local parts = {}
  local all = 0
  for _, t in ipairs(threads) do
    all = all + (t:get("total") or 0)
    for k, v in pairs(t:get("counts") or {}) do parts[#parts + 1] = string.format("%q:%d", k, v) end
  end
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"total":%d,"labels":{%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, all, table.concat(parts, ",")))
end
`,
    );
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, target];
    const out = await new Promise((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text.slice(-1000)}`))));
    });
    const line = /^WRK_RESULT (.*)$/m.exec(/** @type {string} */ (out));
    if (!line) throw new Error(`wrk printed no result:\n${String(out).slice(-1000)}`);
    const r = JSON.parse(line[1]);
    const secondsRun = r.duration / 1e6;
    return {
      result: {
        requests: { average: r.requests / secondsRun, total: r.requests },
        latency: { p50: +(r.p50 / 1000).toFixed(2), p99: +(r.p99 / 1000).toFixed(2), max: +(r.max / 1000).toFixed(2) },
        errors: r.connect + r.read + r.write,
        timeouts: r.timeout,
        non2xx: r.status,
        duration: secondsRun,
      },
      total: r.total,
      labels: r.labels,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
