// Purges reach every server process (lib/server/broadcast.mjs), on a real node:cluster: a worker's publish() resolves
// only once every other worker's listeners have run, so the request that changed content is answered after no worker
// can serve the old page; a worker that dies meanwhile is not waited for. The single-process broadcast is the same
// interface with nobody else to tell.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localBroadcast } from '../broadcast.mjs';

const run = promisify(execFile);
const script = path.join(__dirname, 'support', 'broadcast-cluster.mjs');

async function cluster(workers: number, ...flags: string[]) {
  const { stdout } = await run(process.execPath, [script, String(workers), ...flags], { timeout: 30_000 });
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; worker: number; purge?: unknown });
}

describe('pages shared between the workers of a machine', () => {
  it('a page one worker offers reaches every other worker as bytes, and one from before a purge reaches none', async () => {
    const { stdout } = await run(process.execPath, [path.join(__dirname, 'support', 'share-cluster.mjs')], { timeout: 30_000 });
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; worker: number; key?: string; body?: string; bytes?: boolean });
    const pages = events.filter((e) => e.event === 'page');
    const heardBy = (key: string) => pages.filter((e) => e.key === key).map((e) => e.worker).sort();
    // Worker 1 offered: the others heard it, whole, as bytes; the offering worker does not hear its own.
    expect(heardBy('/first')).toEqual([2, 3]);
    for (const e of pages) expect(e.bytes).toBe(true);
    expect(pages.find((e) => e.key === '/first')?.body).toBe('첫 페이지');
    // After worker 2's purge: the page rendered before it is dropped by the primary; the one after reaches the others.
    expect(heardBy('/before')).toEqual([]);
    expect(heardBy('/after')).toEqual([2, 3]);
    const published = events.findIndex((e) => e.event === 'published');
    expect(events.findIndex((e) => e.key === '/after')).toBeGreaterThan(published);
  });
});

describe('purge broadcast', () => {
  it('in one process: publish() runs every listener before it resolves, and close() stops them', async () => {
    const b = localBroadcast();
    const heard: unknown[] = [];
    b.subscribe((p) => heard.push(p));
    const off = b.subscribe(() => {
      throw new Error('a broken listener');
    });
    await b.publish({ tags: ['blog:posts'], paths: ['/'] });
    expect(heard).toEqual([{ tags: ['blog:posts'], paths: ['/'] }]);
    off();
    b.close();
    await b.publish({ tags: [], paths: [] });
    expect(heard).toHaveLength(1);
  });

  it('in a cluster: every other worker purges before the publishing worker goes on', async () => {
    const workers = 3;
    const events = await cluster(workers);
    const published = events.findIndex((e) => e.event === 'published');
    expect(published).toBeGreaterThan(-1);
    const got = events.filter((e) => e.event === 'got');
    // Workers 2 and 3 (not the publisher), each once, both before "published"; the change arrives whole.
    expect(got.map((e) => e.worker).sort()).toEqual(Array.from({ length: workers - 1 }, (_, i) => i + 2));
    expect(events.slice(0, published).filter((e) => e.event === 'got')).toHaveLength(workers - 1);
    for (const e of got) expect(e.purge).toEqual({ tags: ['blog:posts'], paths: ['/'], posts: ['a'] });
  });

  it('in a cluster: a worker that dies instead of purging is not waited for', async () => {
    const events = await cluster(3, '--die');
    expect(events.filter((e) => e.event === 'got').map((e) => e.worker)).toEqual([2]);
    expect(events.at(-1)?.event).toBe('published');
  });
});
