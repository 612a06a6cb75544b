// A full disk and a read-only media folder, for real: the local storage on a small tmpfs mounted for the test (then
// remounted read-only). An upload through the real endpoints is refused with a status and a message that say what
// happened (507 full, 503 cannot write) and that nothing was kept; no file (not even a temporary one) and no Media row
// is left behind, and the site keeps answering. Needs `mount` (root, as on the development and CI machines); where
// that is refused the file is skipped, saying so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import blogUsage from '../../blog/media-usage.mjs';
import { mediaEndpoints } from '../endpoints';
import type { MediaDeps, MediaUsageFinder } from '../service';
import { localStorage } from '../storage';
import { jpegWithGps } from './images';

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'media-tmpfs-'));
const mount = (...args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });
let mounted = false;
try {
  // 160 KiB: less than the noisy 1200×800 original, more than some of its variants.
  mount('-t', 'tmpfs', '-o', 'size=160k,mode=0755', 'tmpfs', mountPoint);
  mounted = true;
} catch (err) {
  console.warn(`storage-faults: skipped, this machine refused to mount a tmpfs (${String((err as Error).message).split('\n')[0]})`);
}

describe.skipIf(!mounted)('media storage faults (a real tmpfs)', () => {
  let t: TestDatabase;
  let db: Db;
  let route: ReturnType<typeof nextRoute>;
  const filesLeft = () => fs.readdirSync(mountPoint, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(mountPoint, f)).isFile());

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    db = createDb(t.target);
    const deps: MediaDeps = { db, storage: localStorage(mountPoint), usage: [blogUsage as MediaUsageFinder], provider: 'sqlite' };
    route = nextRoute(mediaEndpoints({ deps: () => deps, userId: async () => 7, maxBytes: () => 5_000_000 }), { checkPermission: () => {} });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
    if (mounted) execFileSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  const upload = async (bytes: Buffer) => {
    const res = await route.POST(new Request('http://localhost/admin/api/media/upload?filename=photo.jpg', { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream' } }));
    return { status: res.status, body: (await res.json()) as { error?: string; id?: number } };
  };

  it('a full disk: 507 saying the disk is full and nothing was kept; no file, no temporary file, no row', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await upload(await jpegWithGps(1200, 800));
    vi.restoreAllMocks();
    expect(res.status).toBe(507);
    expect(res.body.error).toMatch(/^저장 공간\(디스크\)이 가득 차서 그림을\(를\) 저장하지 못했습니다\. 아무것도 저장되지 않았습니다\./);
    expect(res.body.error).toContain('The disk is full: the picture could not be stored, and nothing was kept.');
    expect(filesLeft()).toEqual([]);
    expect(await db.media.count()).toBe(0);
    // A small picture (no variants at this size) still fits: the storage works again as soon as there is room.
    const small = await upload(await jpegWithGps(120, 80));
    expect(small.status).toBe(201);
    expect(filesLeft()).toHaveLength(1);
    await db.media.deleteMany();
    for (const f of filesLeft()) fs.rmSync(path.join(mountPoint, f));
  });

  it('a read-only folder: 503 saying it cannot be written and nothing was kept; nothing written', async () => {
    mount('-o', 'remount,ro', mountPoint);
    try {
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const res = await upload(await jpegWithGps(120, 80));
      vi.restoreAllMocks();
      expect(res.status).toBe(503);
      expect(res.body.error).toContain('The media folder cannot be written (read-only, or no permission): the picture could not be stored, and nothing was kept.');
      expect(await db.media.count()).toBe(0);
    } finally {
      mount('-o', 'remount,rw', mountPoint);
    }
    expect(filesLeft()).toEqual([]);
  });
});
