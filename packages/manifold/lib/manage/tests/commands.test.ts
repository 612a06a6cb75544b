// The manage commands as people run them (child processes, exit codes, one-line errors) against real SQLite and PostgreSQL databases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { verify as argon2Verify } from '@node-rs/argon2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { flushData } from '../fixtures';
import { manage, repoRoot } from './support';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-commands-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function counts(db: Db) {
  return { users: await db.user.count(), categories: await db.category.count(), tags: await db.tag.count(), posts: await db.post.count() };
}

/** An admin made straight in the database, for tests that need one without running createsuperuser first. */
async function makeAdmin(db: Db, password = 'old password') {
  return db.user.create({ data: { email: 'admin@example.com', name: '관리자', role: 'admin', passwordHash: await bcrypt.hash(password, 4) } });
}

async function seed(db: Db) {
  const parent = await db.category.create({ data: { name: '딥러닝', slug: '딥러닝', order: 1 } });
  const child = await db.category.create({ data: { name: '최적화', slug: '최적화', parentId: parent.id } });
  const gan = await db.tag.create({ data: { name: 'GAN', slug: 'gan' } });
  const pca = await db.tag.create({ data: { name: 'PCA', slug: 'pca' } });
  await db.post.create({
    data: {
      title: '경사하강법 이해',
      slug: 'gd',
      source: '본문 $x^2$\n',
      excerpt: '학습률 이야기',
      status: 'published',
      publishedAt: new Date('2020-04-26T05:00:00Z'),
      categoryId: child.id,
      tags: { connect: [{ id: gan.id }, { id: pca.id }] },
    },
  });
  await db.post.create({ data: { title: '초안', slug: 'draft-post', source: '---\ntitle: 초안\n---\n\n아직 쓰는 중\n' } });
}

describe.each(PROVIDERS)('manage on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    env = { DATABASE_URL: t.url };
  });
  // Every test starts from empty tables and makes the rows it needs, so none relies on another having run.
  beforeEach(async () => {
    await flushData(db as never);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it('createsuperuser --no-input creates a superuser with an argon2id password, and refuses duplicates and short passwords', async () => {
    const r = await manage(['createsuperuser', '--no-input', '--email', 'Admin@Example.com', '--name', '관리자'], { env: { ...env, MANIFOLD_SUPERUSER_PASSWORD: 'correct horse' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Superuser created successfully: admin@example.com');
    const user = await db.user.findUniqueOrThrow({ where: { email: 'admin@example.com' } });
    expect(user).toMatchObject({ name: '관리자', role: '', isActive: true, isStaff: true, isSuperuser: true });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await argon2Verify(user.passwordHash, 'correct horse')).toBe(true);
    expect(await argon2Verify(user.passwordHash, 'correct horsE')).toBe(false);

    const duplicate = await manage(['createsuperuser', '--no-input', '--email', 'admin@example.com'], { env: { ...env, MANIFOLD_SUPERUSER_PASSWORD: 'another one' } });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim()).toBe('Error: A user with email admin@example.com already exists.');
    const short = await manage(['createsuperuser', '--no-input', '--email', 'new@example.com'], { env: { ...env, MANIFOLD_SUPERUSER_PASSWORD: 'short' } });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^Error: MANIFOLD_SUPERUSER_PASSWORD: This password is too short\. It must contain at least 8 characters\.$/m);
    expect(await db.user.count()).toBe(1);
  });

  it('changepassword --no-input replaces a bcrypt password with an argon2id one from MANIFOLD_PASSWORD', async () => {
    await makeAdmin(db);
    const r = await manage(['changepassword', 'admin@example.com', '--no-input'], { env: { ...env, MANIFOLD_PASSWORD: 'battery staple' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Password changed successfully for user 'admin@example.com'.");
    const user = await db.user.findUniqueOrThrow({ where: { email: 'admin@example.com' } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await argon2Verify(user.passwordHash, 'battery staple')).toBe(true);
    expect(await argon2Verify(user.passwordHash, 'old password')).toBe(false);
    const missing = await manage(['changepassword', 'nobody@example.com', '--no-input'], { env: { ...env, MANIFOLD_PASSWORD: 'battery staple' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error: User "nobody@example.com" does not exist.');
  });

  it('dumpdata → flush → loaddata → dumpdata gives an identical file', async () => {
    // flush re-runs post-migrate as Django's does: the permissions and built-in groups are back, with the same ids.
    const emptied = await manage(['flush', '--no-input'], { env });
    expect(emptied.stdout).toMatch(/Created \d+ permissions\.\n {2}Created groups Editor, Author\./);
    const permissions = await db.permission.count();
    expect(permissions).toBeGreaterThanOrEqual(4 * 10);
    await makeAdmin(db);
    await seed(db);
    const objects = 7 + permissions + 2;
    const first = path.join(tmp, `${provider}-first.json`);
    const dumped = await manage(['dumpdata', '--output', first, '--indent', '2'], { env });
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stdout).toMatch(new RegExp(`Dumped ${objects} object\\(s\\) to .*first\\.json`));
    expect(dumped.stdout).toContain('  blog.post: 2');
    expect(dumped.stdout).toContain(`  accounts.permission: ${permissions}`);
    const records = JSON.parse(fs.readFileSync(first, 'utf8'));
    expect(records.map((r: { model: string }) => r.model).filter((m: string) => !/^accounts\.(permission|group)$/.test(m))).toEqual(['accounts.user', 'blog.category', 'blog.category', 'blog.tag', 'blog.tag', 'blog.post', 'blog.post']);

    const flushed = await manage(['flush', '--no-input'], { env });
    expect(flushed.code).toBe(0);
    expect(flushed.stdout).toMatch(new RegExp(`deleted (\\d+) row\\(s\\) from \\d+ model table\\(s\\)`));
    expect(await counts(db)).toEqual({ users: 0, categories: 0, tags: 0, posts: 0 });
    expect(await db.permission.count()).toBe(permissions);

    const loaded = await manage(['loaddata', first], { env });
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain(`Installed ${objects} object(s) from 1 fixture(s)`);
    const second = path.join(tmp, `${provider}-second.json`);
    await manage(['dumpdata', '--output', second, '--indent', '2'], { env });
    expect(fs.readFileSync(second, 'utf8')).toBe(fs.readFileSync(first, 'utf8'));

    const onlyPosts = await manage(['dumpdata', 'blog.Post'], { env });
    expect(JSON.parse(onlyPosts.stdout).map((r: { fields: { slug: string } }) => r.fields.slug)).toEqual(['gd', 'draft-post']);
    const unknown = await manage(['dumpdata', 'blog.comment'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('Error: Unknown model: blog.comment (blog has: blog.category, blog.tag, blog.postcount, blog.series, blog.post, blog.revision, blog.redirect, blog.legacypath, blog.importeditem).');
  });

  it('loaddata takes a Django fixture through --map/--rename/--values, and a broken one changes nothing', async () => {
    const fixture = path.join(tmp, `${provider}-django.json`);
    fs.writeFileSync(
      fixture,
      JSON.stringify([
        { model: 'blog.category', pk: 30, fields: { name: 'Django', slug: 'django', parent: null } },
        { model: 'blog.entry', pk: 70, fields: { title: 'Hello', slug: 'hello', body: 'Hi', pub_date: '2020-02-16T15:15:00+09:00', is_draft: 'false', category: 30, tags: [] } },
      ]),
    );
    const flags = ['--map', 'blog.entry=blog.post', '--rename', 'blog.entry.body=source', '--rename', 'blog.entry.pub_date=publishedAt', '--rename', 'blog.entry.is_draft=status', '--values', 'blog.entry.is_draft=true:draft,false:published'];
    const before = await counts(db);
    const broken = path.join(tmp, `${provider}-broken.json`);
    const bad = JSON.parse(fs.readFileSync(fixture, 'utf8'));
    bad[1].fields.category = 31;
    fs.writeFileSync(broken, JSON.stringify(bad));
    const failed = await manage(['loaddata', broken, ...flags], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^Error: Problem installing fixture '.*broken\.json': blog\.entry → blog\.post pk=70 \(record 2\), field "category": no blog\.category with id=31/);
    expect(await counts(db)).toEqual(before);

    const ok = await manage(['loaddata', fixture, ...flags], { env });
    expect(ok.code, ok.stderr).toBe(0);
    const post = await db.post.findUniqueOrThrow({ where: { id: 70 } });
    expect(post).toMatchObject({ source: 'Hi', status: 'published', categoryId: 30 });
    expect(post.publishedAt?.toISOString()).toBe('2020-02-16T06:15:00.000Z');

    const badFlag = await manage(['loaddata', fixture, '--rename', 'body=source'], { env });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr.trim()).toBe('Error: --rename expects SRC_APP.model.field=destField; got "body=source"');
  });
});

describe('manage on sqlite: the rest of the commands', () => {
  let t: TestDatabase;
  let db: Db;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    db = createDb(t.target);
    env = { DATABASE_URL: t.url };
    await seed(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it('help lists every core command and the apps\' commands', async () => {
    const r = await manage(['help']);
    for (const name of ['startproject', 'startapp', 'check', 'makemigrations', 'migrate', 'showmigrations', 'sqlmigrate', 'accounts createsuperuser', 'accounts changepassword', 'dumpdata', 'loaddata', 'flush', 'sync', 'shell', 'runserver', 'blog publish-scheduled', 'blog loadcontent', 'blog dumpcontent']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('showmigrations and sqlmigrate', async () => {
    const shown = await manage(['showmigrations', '--all-providers'], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^sqlite \(.*test\.db\):\n \[X\] \d{14}_initial$/m);
    expect(shown.stdout).toMatch(/^postgresql \(migration files; not the configured database\):\n {5}\d{14}_initial$/m);
    const fresh = path.join(tmp, 'fresh.db');
    fs.writeFileSync(fresh, '');
    const pending = await manage(['showmigrations'], { env: { DATABASE_URL: `file:${fresh}` } });
    expect(pending.stdout).toMatch(/^ \[ \] \d{14}_initial$/m);

    const sql = await manage(['sqlmigrate', 'initial', '--provider', 'postgresql']);
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain('CREATE TABLE "Post"');
    expect(sql.stdout).toContain('SERIAL');
    const missing = await manage(['sqlmigrate', 'nope'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error: No sqlite migration named "nope". See `manage showmigrations`.');
  });

  it('check passes on a migrated database and counts unapplied migrations like Django', async () => {
    const ok = await manage(['check', '--database'], { env });
    expect(ok.stdout).toContain('System check identified no issues (0 silenced).');
    expect(ok.code).toBe(0);
    const empty = path.join(tmp, 'empty.db');
    fs.writeFileSync(empty, '');
    const pending = await manage(['check'], { env: { DATABASE_URL: `file:${empty}` } });
    // Every migration of the project is unapplied on an empty database (the count grows as apps add models).
    const migrations = fs.readdirSync(path.join(repoRoot, 'prisma', 'migrations', 'sqlite')).filter((d) => /^\d{14}_/.test(d)).length;
    expect(migrations).toBeGreaterThanOrEqual(4);
    expect(pending.stdout).toContain(`(migrations.W001) You have ${migrations} unapplied migration(s)`);
    expect(pending.code).toBe(0);
    const strict = await manage(['check', '--fail-level', 'WARNING'], { env: { DATABASE_URL: `file:${empty}` } });
    expect(strict.code).toBe(1);
    const badEnv = await manage(['check'], { env: { DATABASE_URL: 'mysql://x' } });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stdout).toMatch(/\(settings\.E001\) DATABASE_URL must start with file:/);
  });

  it('shell -c runs code with db and the apps\' data modules loaded', async () => {
    const r = await manage(['shell', '-c', 'const n = await db.post.count(); const fns = typeof blog; return `${n} ${fns}`'], { env });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2 object');
    // Apps wrap reader queries in Next's unstable_cache; outside a Next server the shell makes it a pass-through.
    const cached = await manage(['shell', '-c', "const { unstable_cache } = await import('next/cache'); return unstable_cache(async () => db.tag.count(), ['t'])()"], { env });
    expect(cached.stderr).toBe('');
    expect(cached.stdout.trim()).toBe('2');
  });

  it('commands that ask refuse to run without a terminal unless --no-input, and change nothing', async () => {
    const before = await counts(db);
    const noTerminal = await manage(['createsuperuser'], { env });
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr.trim()).toBe('Error: createsuperuser needs a terminal to ask; pass --no-input --email E with the password in MANIFOLD_SUPERUSER_PASSWORD');
    const noPassword = await manage(['createsuperuser', '--no-input', '--email', 'new@example.com'], { env });
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr.trim()).toBe('Error: Set MANIFOLD_SUPERUSER_PASSWORD to the new password when using --no-input.');
    const flush = await manage(['flush'], { env });
    expect(flush.code).toBe(1);
    expect(flush.stderr.trim()).toBe('Error: flush needs a terminal to ask; pass --no-input to flush without asking');
    expect(await counts(db)).toEqual(before);
  });

  it('runserver refuses a port that is not one', async () => {
    const r = await manage(['runserver', 'abc'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('Error: "abc" is not a port number or address:port (e.g. 8000 or 0.0.0.0:8000).');
  });

  it('dumpcontent writes MDX files with frontmatter that loadcontent reads back', async () => {
    const dir = path.join(tmp, 'content-out');
    const r = await manage(['dumpcontent', dir], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Dumped 2 post(s) and 2 categories');
    const gd = fs.readFileSync(path.join(dir, 'gd.mdx'), 'utf8');
    expect(gd).toBe(
      [
        '---',
        'title: "경사하강법 이해"',
        'slug: gd',
        'date: 2020-04-26T14:00:00+09:00',
        'category: 딥러닝/최적화',
        'tags: [GAN, PCA]',
        'summary: "학습률 이야기"',
        'draft: false',
        '---',
        '',
        '본문 $x^2$',
        '',
      ].join('\n'),
    );
    const draft = fs.readFileSync(path.join(dir, 'draft-post.mdx'), 'utf8');
    expect(draft).toMatch(/^draft: true$/m);
    expect(draft.match(/^---$/gm)).toHaveLength(2);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'categories.json'), 'utf8'))).toEqual([
      { name: '딥러닝', slug: '딥러닝', description: '', order: 1 },
      { name: '최적화', slug: '최적화', description: '', order: 0, parent: '딥러닝' },
    ]);

    const other = await createTestDatabase('sqlite');
    const otherDb = createDb(other.target);
    try {
      const loaded = await manage(['loadcontent', dir], { env: { DATABASE_URL: other.url } });
      expect(loaded.code, loaded.stdout + loaded.stderr).toBe(0);
      const post = await otherDb.post.findUniqueOrThrow({ where: { slug: 'gd' }, include: { tags: true, category: { include: { parent: true } } } });
      expect(post).toMatchObject({ title: '경사하강법 이해', status: 'published' });
      expect(post.publishedAt?.toISOString()).toBe('2020-04-26T05:00:00.000Z');
      expect(post.tags.map((x) => x.name).sort()).toEqual(['GAN', 'PCA']);
      expect([post.category?.parent?.name, post.category?.name]).toEqual(['딥러닝', '최적화']);
      expect((await otherDb.post.findUniqueOrThrow({ where: { slug: 'draft-post' } })).status).toBe('draft');
    } finally {
      await otherDb.$disconnect();
      await other.drop();
    }
  });
});
