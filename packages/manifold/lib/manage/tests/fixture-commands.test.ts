// loaddata/dumpdata as people run them (child processes): stdin, compressed and YAML fixtures, --database, -v, --app, --strict, --help.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { flushData } from '../fixtures';
import { manage, repoRoot } from './support';
import { manifoldBin } from '../../../testing/manage';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-fixture-commands-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const DJANGO = [
  { model: 'auth.user', pk: 4, fields: { email: 'kim@example.com', username: 'kim', password: 'pbkdf2$x' } },
  { model: 'blog.entry', pk: 7, fields: { title: 'A', slug: 'a', body: '본문', is_published: true, is_featured: false, pub_date: '2020-02-16T15:15:00' } },
  { model: 'blog.entry', pk: 8, fields: { title: 'B', slug: 'b', body: '', is_published: false, is_featured: true, pub_date: '2020-03-01T09:00:00' } },
];
const FLAGS = ['--map', 'auth.user=accounts.user', '--map', 'blog.entry=blog.post', '--rename', 'blog.entry.body=source', '--rename', 'blog.entry.pub_date=publishedAt', '--rename', 'blog.entry.is_published=status'];
const VALUES = ['--values', 'blog.entry.is_published=true:published,false:draft'];

/** A fixture of `posts` posts whose sources make it well past 200 KB. */
function bigFixture(posts: number) {
  const body = '경사하강법 gradient descent. '.repeat(200);
  return Array.from({ length: posts }, (_, i) => ({ model: 'blog.post', pk: i + 1, fields: { title: `Post ${i}`, slug: `post-${i}`, source: `${body}${i}` } }));
}

describe.each(PROVIDERS)('loaddata as a command on %s', (provider) => {
  let t: TestDatabase;
  let other: TestDatabase;
  let db: Db;
  let otherDb: Db;
  let env: Record<string, string>;
  beforeAll(async () => {
    [t, other] = await Promise.all([createTestDatabase(provider), createTestDatabase(provider)]);
    db = createDb(t.target);
    otherDb = createDb(other.target);
    env = { DATABASE_URL: t.url };
  });
  afterAll(async () => {
    await db?.$disconnect();
    await otherDb?.$disconnect();
    await Promise.all([t?.drop(), other?.drop()]);
  });
  beforeEach(async () => {
    await Promise.all([flushData(db as never), flushData(otherDb as never)]);
  });

  it('loaddata - reads a piped fixture of more than 200 KB in full', async () => {
    const text = JSON.stringify(bigFixture(60));
    expect(text.length).toBeGreaterThan(200 * 1024);
    const r = await manage(['loaddata', '-'], { env, input: text });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Installed 60 object(s) from 1 fixture(s).');
    expect(await db.post.count()).toBe(60);
    expect((await db.post.findUniqueOrThrow({ where: { id: 60 } })).source.endsWith('59')).toBe(true);
  });

  it('--database loads into the database it names, not DATABASE_URL', async () => {
    const file = path.join(tmp, `${provider}-tags.json`);
    fs.writeFileSync(file, JSON.stringify([{ model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } }]));
    const r = await manage(['loaddata', file, '--database', other.url], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(await otherDb.tag.count()).toBe(1);
    expect(await db.tag.count()).toBe(0);
    const bad = await manage(['loaddata', file, '--database', 'mysql://x@y/z'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^Error: --database: /);
  });

  it('naive datetimes are read in the site time zone (Asia/Seoul); values outside Post.status choices name the records', async () => {
    const file = path.join(tmp, `${provider}-django.json`);
    fs.writeFileSync(file, JSON.stringify(DJANGO));
    const wrong = await manage(['loaddata', file, ...FLAGS, '--ignore-unknown'], { env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toContain('2 record(s) give field "is_published" → "status" a value it does not allow (allowed: draft, published, scheduled): blog.entry → blog.post pk=7 (record 2): "true"; blog.entry → blog.post pk=8 (record 3): "false"');
    expect(await db.post.count()).toBe(0);

    const ok = await manage(['loaddata', file, ...FLAGS, ...VALUES, '--ignore-unknown'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.split('\n')).toEqual([
      'Installed 3 object(s) from 1 fixture(s).',
      'auth.user → accounts.user: dropped username (1), password (1) (--ignore-unknown)',
      'blog.entry → blog.post: dropped is_featured (2) (--ignore-unknown)',
      '',
    ]);
    const post = await db.post.findUniqueOrThrow({ where: { id: 7 } });
    expect(post.publishedAt!.toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(post.status).toBe('published');
  });
});

describe('loaddata formats, options and help (sqlite)', () => {
  let t: TestDatabase;
  let db: Db;
  let env: Record<string, string>;
  const tags = [
    { model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } },
    { model: 'blog.tag', pk: 2, fields: { name: 'PCA', slug: 'pca' } },
  ];
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    db = createDb(t.target);
    env = { DATABASE_URL: t.url };
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });
  beforeEach(async () => {
    await flushData(db as never);
  });

  it('reads .json.gz, .yaml and .yml files, YAML on stdin with --format yaml, and gzip on stdin', async () => {
    const gz = path.join(tmp, 'tags.json.gz');
    fs.writeFileSync(gz, zlib.gzipSync(JSON.stringify(tags)));
    const yaml = '- model: blog.tag\n  pk: 1\n  fields:\n    name: GAN\n    slug: gan\n- model: blog.post\n  pk: 3\n  fields:\n    title: 제목\n    slug: yaml-post\n    publishedAt: 2020-02-16 15:15:00+09:00\n    tags: [1]\n';
    const yml = path.join(tmp, 'posts.yml');
    fs.writeFileSync(yml, yaml);
    fs.writeFileSync(path.join(tmp, 'posts.yaml'), yaml);

    for (const [args, input] of [[[gz], undefined], [[yml], undefined], [[path.join(tmp, 'posts.yaml')], undefined], [['-', '--format', 'yaml'], yaml]] as const) {
      await flushData(db as never);
      const r = await manage(['loaddata', ...args], { env, input });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const post = await db.post.findUniqueOrThrow({ where: { id: 3 }, include: { tags: true } });
    expect(post.publishedAt!.toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(post.tags.map((x) => x.slug)).toEqual(['gan']);

    await flushData(db as never);
    const piped = await manage(['loaddata', '-'], { env, input: zlib.gzipSync(JSON.stringify(tags)) as unknown as string });
    expect(piped.code, piped.stderr).toBe(0);
    expect(await db.tag.count()).toBe(2);
  });

  it('a corrupt xz on stdin, a .zip and bad YAML are refused in one line (real .bz2/.xz: fixture-dryrun.test.ts)', async () => {
    const zip = path.join(tmp, 'tags.json.zip');
    fs.writeFileSync(zip, 'PK');
    const rzip = await manage(['loaddata', zip], { env });
    expect(rzip.code).toBe(1);
    expect(rzip.stderr.trim()).toMatch(/^Error: Fixture .*tags\.json\.zip: loaddata reads \.json, \.yaml\/\.yml and their \.gz, \.bz2 and \.xz; unpack this one first \(unzip .*\) and load the result\.$/);
    const piped = await manage(['loaddata', '-'], { env, input: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2]) as unknown as string });
    expect([piped.code, piped.stderr.trim()]).toEqual([1, 'Error: Fixture (stdin) is not valid xz: the compressed data is truncated or corrupt. Nothing was loaded.']);
    const badYaml = await manage(['loaddata', '-', '--format', 'yaml'], { env, input: '- model: blog.tag\n  pk: [1\n' });
    expect(badYaml.code).toBe(1);
    expect(badYaml.stderr.trim().split('\n')).toHaveLength(1);
    expect(badYaml.stderr).toMatch(/^Error: Fixture \(stdin\) is not valid YAML: /);
    const badFormat = await manage(['loaddata', '-', '--format', 'xml'], { env, input: '[]' });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr.trim()).toBe('Error: --format expects json or yaml; got "xml"');
    expect(await db.tag.count()).toBe(0);
  });

  it('-v 0 prints nothing, 1 the summary, 2 per-model counts, 3 every record; --app keeps one app', async () => {
    const file = path.join(tmp, 'mixed.json');
    fs.writeFileSync(file, JSON.stringify([...tags, { model: 'accounts.user', pk: 2, fields: { email: 'a@example.com' } }]));
    const quiet = await manage(['loaddata', file, '-v', '0'], { env });
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', '']);
    const one = await manage(['loaddata', file], { env });
    expect(one.stdout).toBe('Installed 3 object(s) from 1 fixture(s).\n');
    const two = await manage(['loaddata', file, '-v', '2'], { env });
    expect(two.stdout).toBe('Installed 3 object(s) from 1 fixture(s):\n  accounts.user: 1\n  blog.tag: 2\n');
    const three = await manage(['loaddata', file, '--verbosity', '3'], { env });
    expect(three.stdout.split('\n').slice(0, 3)).toEqual(['  accounts.user pk=2 (record 3)', '  blog.tag pk=1 (record 1)', '  blog.tag pk=2 (record 2)']);
    const badV = await manage(['loaddata', file, '-v', '4'], { env });
    expect([badV.code, badV.stderr.trim()]).toEqual([2, 'Error: -v expects 0, 1, 2 or 3; got "4"']);

    await flushData(db as never);
    const onlyBlog = await manage(['loaddata', file, '--app', 'blog'], { env });
    expect(onlyBlog.stdout).toBe('Installed 2 object(s) from 1 fixture(s) (1 excluded).\n');
    expect([await db.tag.count(), await db.user.count()]).toEqual([2, 0]);
  });

  it('warns on stderr about options that match nothing, and --strict makes it an error that loads nothing', async () => {
    const file = path.join(tmp, 'tags.json');
    fs.writeFileSync(file, JSON.stringify(tags));
    const typo = ['--values', 'blog.post.is_publish=true:published'];
    const warned = await manage(['loaddata', file, ...typo], { env });
    expect(warned.code).toBe(0);
    expect(warned.stderr.trim()).toBe('Warning: --values blog.post.is_publish=…: no record gives field "blog.post.is_publish"; it was not used.');
    await flushData(db as never);
    const strict = await manage(['loaddata', file, ...typo, '--strict'], { env });
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim()).toMatch(/^Error: Problem installing fixture '.*tags\.json': options that match nothing \(--strict\): --values blog\.post\.is_publish=…/);
    expect(await db.tag.count()).toBe(0);
  });

  it('--help lists the new options of loaddata and dumpdata', async () => {
    const load = await manage(['loaddata', '--help']);
    for (const option of ['--ignore-unknown', '--strict', '--app label', '--database URL', '--format json|yaml', '-v 0|1|2|3', '--exclude', '--dry-run', '--body-format markdown|mdx']) expect(load.stdout).toContain(option);
    const dump = await manage(['dumpdata', '--help']);
    expect(dump.stdout).toContain('--include-derived');
  });
});

describe('the progress bar (sqlite)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('shows on a terminal for a large fixture, and never in a pipe', async () => {
    const file = path.join(tmp, 'many-tags.json');
    fs.writeFileSync(file, JSON.stringify(Array.from({ length: 1200 }, (_, i) => ({ model: 'blog.tag', pk: i + 1, fields: { name: `t${i}`, slug: `t${i}` } }))));
    const { execFile } = await import('node:child_process');
    const command = `${process.execPath} ${manifoldBin} loaddata ${file}`;
    // script(1) gives the command a pseudo-terminal, as a person's shell would.
    const tty = await new Promise<string>((resolve) =>
      execFile('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: t.url, CI: '1' }, timeout: 120_000 }, (_err, stdout) => resolve(stdout)),
    );
    expect(tty).toMatch(/Loading \[[█░]+\] \d+\/1200 records/);
    expect(tty).toContain('Installed 1200 object(s) from 1 fixture(s).');
    const db = createDb(t.target);
    await flushData(db as never);
    await db.$disconnect();
    const piped = await manage(['loaddata', file], { env: { DATABASE_URL: t.url } });
    expect(piped.stdout).toBe('Installed 1200 object(s) from 1 fixture(s).\n');
  });
});
