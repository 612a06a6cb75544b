// loaddata's --dry-run, --body-format and .bz2/.xz fixtures, run in process (the command's own run(), --database
// pointing at a fresh database) on real SQLite and PostgreSQL: what is printed, and what the database holds after.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { CommandError } from '../../app';
import { createDb, type Db } from '../../db';
import { loadDataCommand } from '../commands/fixtures';
import { dumpData, flushData, loadData } from '../fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-fixture-dryrun-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A stand-in for a running site on PORT: records what manage commands POST to it (the real command, the real HTTP).
const told: { path: string; token: boolean; body: unknown }[] = [];
const site = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    told.push({ path: `${req.method} ${req.url}`, token: String(req.headers['x-manifold-token'] ?? '').length >= 32, body: JSON.parse(body || 'null') });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  // Read by lib/settings.ts on the first notify, which comes after this.
  process.env.PORT = String((site.address() as { port: number }).port);
});
afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

const FIXTURE = [
  { model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } },
  { model: 'blog.category', pk: 2, fields: { name: '딥러닝', slug: 'dl' } },
  { model: 'blog.post', pk: 3, fields: { title: '하나', slug: 'one', source: '# 하나', status: 'published', category: 2, tags: [1], format: 'markdown' } },
  { model: 'blog.post', pk: 4, fields: { title: '둘', slug: 'two', source: '# 둘', status: 'draft' } },
];

/** Writes `text` as a file compressed by the system's own tool (bzip2, xz), as a person's dump would be. */
function compressed(name: string, text: string, tool: 'bzip2' | 'xz'): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, execFileSync(tool, ['-c'], { input: text }));
  return file;
}

describe.each(PROVIDERS)('loaddata --dry-run, --body-format, .bz2/.xz on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });
  beforeEach(async () => {
    await flushData(db as never);
    told.length = 0;
  });

  /** Runs `manage loaddata` in this process against the test database; what it printed, or the CommandError's line. */
  async function loaddata(files: string[], values: Record<string, unknown> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const run = loadDataCommand.run({ fixture: files, verbosity: 1, database: t.url, ...values } as never, { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false });
    try {
      await run;
      return { out, err, error: undefined };
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      return { out, err, error: e.message };
    }
  }
  const fixtureFile = (records: unknown[], name = 'f.json') => {
    const file = path.join(tmp, `${provider}-${name}`);
    fs.writeFileSync(file, JSON.stringify(records));
    return file;
  };
  const snapshot = async () => JSON.stringify((await dumpData(db, { includeDerived: true })).records);

  it('--dry-run writes, checks and rolls back: per-model counts and warnings printed, the database unchanged', async () => {
    await db.tag.create({ data: { id: 1, name: 'old', slug: 'gan' } });
    await db.post.create({ data: { id: 3, title: 'before', slug: 'one' } });
    const before = await snapshot();
    const r = await loaddata([fixtureFile(FIXTURE)], { dryRun: true, values: ['blog.post.is_publish=true:published'] });
    expect(r.error).toBeUndefined();
    expect(r.err).toEqual(['Warning: --values blog.post.is_publish=…: no record gives field "blog.post.is_publish"; it was not used.']);
    expect(r.out).toEqual([
      'Would install 4 object(s) from 1 fixture(s):',
      '  blog.category: 1',
      '  blog.tag: 1',
      '  blog.post: 2',
      'Dry run: everything was checked and rolled back; the database is unchanged.',
    ]);
    expect(await snapshot()).toBe(before);

    // What only the database can refuse is found by a dry run too (a slug another post has), and still nothing changes.
    const clash = await loaddata([fixtureFile([{ model: 'blog.post', pk: 9, fields: { title: 'x', slug: 'one' } }], 'clash.json')], { dryRun: true });
    expect(clash.error).toMatch(/^Problem installing fixture '.*clash\.json': blog\.post pk=9 \(record 1\): "one" is already the slug of blog\.post pk=3/);
    expect(await snapshot()).toBe(before);
    // A dry run or a failed load tells no server anything.
    expect(told).toEqual([]);

    // The same fixture without --dry-run loads what the dry run announced; a new row after it gets the next id.
    const real = await loaddata([fixtureFile(FIXTURE)]);
    expect(real.error).toBeUndefined();
    expect(real.out).toEqual(['Installed 4 object(s) from 1 fixture(s).', 'The running server refreshed its cached pages.']);
    // Everything may have changed: an empty change, which every worker takes as "purge all" (lib/cache.ts).
    expect(told.splice(0)).toEqual([{ path: 'POST /api/revalidate', token: true, body: { tags: [], paths: [] } }]);
    expect(await db.post.count()).toBe(2);
    expect((await db.tag.create({ data: { name: 'n', slug: 'n' } })).id).toBe(2);
  });

  it('--dry-run in the library returns what would be loaded and leaves ids and sequences as they were', async () => {
    const result = await loadData(db as never, [{ model: 'blog.tag', fields: { name: 'a', slug: 'a' } }, { model: 'blog.tag', pk: 50, fields: { name: 'b', slug: 'b' } }], { dryRun: true });
    expect(result.counts).toEqual([{ label: 'blog.tag', count: 2 }]);
    expect(await db.tag.count()).toBe(0);
    // No setval ran: a later tag is not pushed past the dry run's pk 50.
    expect((await db.tag.create({ data: { name: 'c', slug: 'c' } })).id).toBeLessThan(50);
  });

  it("--body-format sets every loaded post's format; without it a record's own format stays and the rest get mdx", async () => {
    const file = fixtureFile(FIXTURE);
    expect((await loaddata([file])).error).toBeUndefined();
    const formats = async () => (await db.post.findMany({ orderBy: { id: 'asc' }, select: { slug: true, format: true } })).map((p) => `${p.slug}:${p.format}`);
    expect(await formats()).toEqual(['one:markdown', 'two:mdx']);
    expect((await loaddata([file], { bodyFormat: 'markdown' })).error).toBeUndefined();
    expect(await formats()).toEqual(['one:markdown', 'two:markdown']);
    expect((await loaddata([file], { bodyFormat: 'mdx' })).error).toBeUndefined();
    expect(await formats()).toEqual(['one:mdx', 'two:mdx']);
    // Only posts: the tag and category records load as they are.
    expect(await db.tag.count()).toBe(1);
  });

  it('reads .json.bz2 and .yaml.xz fixtures; a corrupt one is one line naming the file, and nothing is loaded', async () => {
    const bz = compressed(`${provider}-posts.json.bz2`, JSON.stringify(FIXTURE), 'bzip2');
    const yaml = '- model: blog.tag\n  pk: 7\n  fields:\n    name: 수학\n    slug: math\n';
    const xz = compressed(`${provider}-tags.yaml.xz`, yaml, 'xz');
    const ok = await loaddata([bz, xz]);
    expect(ok.error).toBeUndefined();
    expect(ok.out[0]).toBe('Installed 5 object(s) from 2 fixture(s).');
    expect((await db.tag.findMany({ orderBy: { id: 'asc' } })).map((x) => x.slug)).toEqual(['gan', 'math']);

    await flushData(db as never);
    const good = fs.readFileSync(bz);
    const corruptBz = path.join(tmp, `${provider}-broken.json.bz2`);
    // A flipped byte in the compressed block: the block's checksum fails.
    const flipped = Buffer.from(good);
    flipped[flipped.length - 20] ^= 0xff;
    fs.writeFileSync(corruptBz, flipped);
    const truncatedXz = path.join(tmp, `${provider}-cut.yaml.xz`);
    fs.writeFileSync(truncatedXz, fs.readFileSync(xz).subarray(0, 30));
    const truncatedBz = path.join(tmp, `${provider}-cut.json.bz2`);
    fs.writeFileSync(truncatedBz, good.subarray(0, good.length - 30));
    const cases = [
      [corruptBz, 'bzip2', 'crc32 do not match'],
      [truncatedBz, 'bzip2', 'the compressed data is truncated or corrupt'],
      [truncatedXz, 'xz', 'the compressed data is truncated or corrupt'],
    ] as const;
    for (const [file, kind, why] of cases) {
      // The good file first: a corrupt second file must keep the first from loading too.
      const r = await loaddata([fixtureFile(FIXTURE), file]);
      expect(r.error, file).toMatch(new RegExp(`^Fixture .*${path.basename(file).replace(/\./g, '\\.')} is not valid ${kind}: ${why}\\. Nothing was loaded\\.$`));
      expect(r.error!.split('\n')).toHaveLength(1);
      expect(await db.post.count()).toBe(0);
    }
  });
});
