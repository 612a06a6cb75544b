// Issue 16: the sidebar's data (category tree, tags) is read once between content changes while server.mjs's purge
// broadcast runs in the process, and read every time without it; a purge during a read does not keep that read.
import { afterEach, describe, expect, it } from 'vitest';
import { localBroadcast } from '../../../lib/server/broadcast.mjs';
import { remembered } from '../data';

const g = globalThis as { __manifoldPurges?: unknown };
afterEach(() => {
  delete g.__manifoldPurges;
});

/** A loader that counts its reads and answers with the read's number. */
function counter() {
  const reads: number[] = [];
  let release: (() => void) | undefined;
  const load = (hold = false) => {
    const n = reads.push(reads.length + 1);
    return hold ? new Promise<never[]>((r) => (release = () => r(Array(n).fill(0) as never[]))) : Promise.resolve(Array(n).fill(0) as never[]);
  };
  return { reads, load, release: () => release?.() };
}

describe('the sidebar memo', () => {
  it('reads each time when no purge broadcast is there to say when content changes', async () => {
    const c = counter();
    await remembered('tags', () => c.load());
    await remembered('tags', () => c.load());
    expect(c.reads).toHaveLength(2);
  });

  it('reads once until a purge, then once again', async () => {
    const purges = localBroadcast();
    g.__manifoldPurges = purges;
    const c = counter();
    const first = await remembered('tags', () => c.load());
    expect(await remembered('tags', () => c.load())).toBe(first);
    expect(c.reads).toHaveLength(1);
    await purges.publish({ tags: ['blog:posts'], paths: [] });
    expect(await remembered('tags', () => c.load())).not.toBe(first);
    expect(c.reads).toHaveLength(2);
  });

  it('does not keep a read that was in flight when content changed', async () => {
    const purges = localBroadcast();
    g.__manifoldPurges = purges;
    const c = counter();
    const inFlight = remembered('tree', () => c.load(true) as never);
    await purges.publish({ tags: [], paths: [] });
    c.release();
    await inFlight;
    await remembered('tree', () => c.load() as never);
    expect(c.reads).toHaveLength(2);
  });
});
