// startapp → model → makemigrations → migrate on SQLite and PostgreSQL in a throwaway copy of the project, and
// startproject's checks and output (the installed site it makes is tested end to end in tests/upgrade.test.ts).
// Each workflow's steps run once in beforeAll and the tests check their results, or start from that shared state and
// use their own database file, so the tests pass in any order (`--sequence.shuffle`).
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresAdminUrl } from '../../../testing/databases';
import { installedAppLabels } from '../../schema';
import { startApp } from '../commands/startapp';
import { copyProject, frameworkRoot, listTree, manage, repoRoot } from './support';

const PHOTO_MODEL = `
model GalleryPhoto {
  id       Int       @id @default(autoincrement())
  title    String
  imageUrl String
  slug     String    @unique
  takenAt  DateTime?
  featured Boolean   @default(false)
}
`;

function pgUrl(database: string) {
  const u = new URL(testPostgresAdminUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

async function withPostgres<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('startapp → makemigrations → migrate, in a copy of the project', () => {
  let project: ReturnType<typeof copyProject>;
  let root: string;
  const pgName = `manifold_test_gallery_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const sqliteUrl = (name: string) => `file:${path.join(root, 'data', `${name}.db`)}`;
  let started: Awaited<ReturnType<typeof manage>>;
  let unchanged: Awaited<ReturnType<typeof manage>>;
  let startedModels: string;

  beforeAll(async () => {
    project = copyProject();
    root = project.root;
    started = await manage(['startapp', 'gallery'], { cwd: root });
    // As startapp wrote it: a test below appends a model to it.
    startedModels = fs.readFileSync(path.join(root, 'apps/gallery/models.prisma'), 'utf8');
    // Before any model is added: the template's example model is commented out.
    unchanged = await manage(['makemigrations'], { cwd: root });
  });
  afterAll(async () => {
    await withPostgres('postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`)).catch(() => {});
    project?.remove();
  });

  it('startapp gallery writes the app from the template, a sample route, and installs it in site.config.ts', async () => {
    const r = started;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = [
      'apps/gallery/app.ts',
      'apps/gallery/server.ts',
      'apps/gallery/models.prisma',
      'apps/gallery/data.ts',
      'apps/gallery/admin.ts',
      'apps/gallery/embeds.ts',
      'apps/gallery/embed-props.ts',
      'apps/gallery/views/index-page.tsx',
      'apps/gallery/commands/index.ts',
      'apps/gallery/tests/app.test.ts',
      'app/gallery/page.tsx',
    ];
    for (const file of expected) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
      expect(r.stdout).toContain(file);
    }
    expect(listTree(path.join(root, 'apps', 'gallery')).some((f) => f.endsWith('.tmpl'))).toBe(false);
    expect(fs.readFileSync(path.join(root, 'apps/gallery/data.ts'), 'utf8')).toMatch(/^import 'server-only';$/m);
    expect(fs.readFileSync(path.join(root, 'apps/gallery/app.ts'), 'utf8')).toContain("label: 'gallery'");
    expect(fs.readFileSync(path.join(root, 'app/gallery/page.tsx'), 'utf8')).toContain("from '../../apps/gallery/views/index-page'");
    // The example model is there, commented out: the new app adds no table until someone means it to.
    const models = startedModels;
    expect(models).toMatch(/^\/\/ model GalleryItem \{$/m);
    expect(models).not.toMatch(/^\s*model\s/m);
    const config = fs.readFileSync(path.join(root, 'site.config.ts'), 'utf8');
    expect(config).toContain("export const installedApps = ['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', 'manifold/comments', 'manifold/ml', 'demos', 'gallery'] as const;");
    // The app's code reaches the framework only through its public exports, as in a site that installed it from npm.
    for (const file of listTree(path.join(root, 'apps', 'gallery'))) {
      expect(fs.readFileSync(path.join(root, 'apps', 'gallery', file), 'utf8'), file).not.toMatch(/from '(\.\.\/)+(lib|packages)\//);
    }
    // startapp regenerated the registry: the new app is in it, statically imported.
    expect(fs.readFileSync(path.join(root, '.manifold/registry.client.ts'), 'utf8')).toContain("import app_gallery from '../apps/gallery/app';");
    expect(fs.readFileSync(path.join(root, '.manifold/registry.server.ts'), 'utf8')).toContain("import server_gallery from '../apps/gallery/server';");
    expect(installedAppLabels(root)).toEqual([...installedAppLabels(repoRoot), 'gallery']);
  });

  it('check right after startapp reports nothing', async () => {
    // On a migrated database (of a copy taken before the model tests below change the app): the new app alone must not make it complain.
    const env = { DATABASE_URL: sqliteUrl('fresh') };
    expect((await manage(['migrate'], { cwd: root, env })).code).toBe(0);
    const checkedAfterStart = await manage(['check'], { cwd: root, env });
    expect(checkedAfterStart.stderr).toBe('');
    expect(checkedAfterStart.stdout.trim()).toBe('System check identified no issues (0 silenced).');
    expect(checkedAfterStart.code).toBe(0);
  });

  it('refuses labels that are not identifiers, clash or are reserved, and writes nothing then', async () => {
    const before = listTree(root);
    const config = fs.readFileSync(path.join(root, 'site.config.ts'), 'utf8');
    for (const label of ['Gallery', '1photos', 'photo-log', '_private', 'gallery', 'blog', 'admin', 'api', 'app', 'posts', 'ko', 'class']) {
      expect(() => startApp(label, root), label).toThrow(/not a valid app label|already installed|reserved|already exists/);
    }
    const cli = await manage(['startapp', 'admin'], { cwd: root });
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim()).toBe('Error: "admin" is reserved (it would clash with a project folder, a site URL or a JavaScript name); choose another label.');
    const bad = await manage(['startapp', 'My-App'], { cwd: root });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: "My-App" is not a valid app label/);
    expect(listTree(root)).toEqual(before);
    expect(fs.readFileSync(path.join(root, 'site.config.ts'), 'utf8')).toBe(config);
  });

  it('the new app runs its own command and passes its own tests', async () => {
    const about = await manage(['gallery', 'about'], { cwd: root });
    expect(about.code).toBe(0);
    expect(about.stdout).toContain('Gallery (gallery)');
    const vitest = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', 'apps/gallery'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+.*3 passed/);
  });

  it('makemigrations with only the commented example says "No changes detected"', async () => {
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toMatch(/^No changes detected$/m);
  });

  describe('a model added to the app', () => {
    let checked: Awaited<ReturnType<typeof manage>>;
    let early: Awaited<ReturnType<typeof manage>>;
    let made: Awaited<ReturnType<typeof manage>>;
    let again: Awaited<ReturnType<typeof manage>>;
    beforeAll(async () => {
      fs.appendFileSync(path.join(root, 'apps/gallery/models.prisma'), PHOTO_MODEL);
      checked = await manage(['check'], { cwd: root, env: { DATABASE_URL: sqliteUrl('early') } });
      early = await manage(['migrate'], { cwd: root, env: { DATABASE_URL: sqliteUrl('early') } });
      // An unreachable PostgreSQL as DATABASE_URL: makemigrations must not try it.
      made = await manage(['makemigrations', '--name', 'add_photo'], { cwd: root, env: { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' } });
      again = await manage(['makemigrations'], { cwd: root });
    });

    it('becomes a migration for both providers, with no PostgreSQL running', async () => {
      // Before makemigrations, check and migrate both said the models had moved on (as Django's do).
      expect(checked.stdout).toContain('(migrations.W002) Your models have changes that are not reflected in a migration.');
      expect(early.code).toBe(0);
      expect(early.stdout).toContain("Your models have changes that are not yet reflected in a migration, and so won't be applied.");
      const r = made;
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const provider of ['sqlite', 'postgresql']) {
        const dirs = fs.readdirSync(path.join(root, 'prisma/migrations', provider)).filter((d) => d.endsWith('_add_photo'));
        expect(dirs).toHaveLength(1);
        const file = path.join('prisma/migrations', provider, dirs[0], 'migration.sql');
        expect(r.stdout).toContain(file);
        expect(fs.readFileSync(path.join(root, file), 'utf8')).toMatch(/CREATE TABLE "(public"\.")?GalleryPhoto"/);
        expect(fs.readFileSync(path.join(root, 'prisma/migrations', provider, dirs[0], 'schema.prisma'), 'utf8')).toContain('model GalleryPhoto');
      }
      expect(r.stdout).toContain('- Create table GalleryPhoto');
      // The client was regenerated, so code can use the model right away.
      expect(fs.readFileSync(path.join(root, 'prisma/generated/sqlite/models.ts'), 'utf8')).toContain('GalleryPhoto');

      expect(again.stdout.trim()).toBe('No changes detected');
    });

    it('migrate creates the table on SQLite', async () => {
      const r = await manage(['migrate'], { cwd: root, env: { DATABASE_URL: sqliteUrl('migrate') } });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Applying \d+_add_photo\.\.\. OK/);
      const sqlite = new Database(path.join(root, 'data', 'migrate.db'), { readonly: true });
      try {
        expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'GalleryPhoto'").get()).toEqual({ name: 'GalleryPhoto' });
      } finally {
        sqlite.close();
      }
      const shown = await manage(['showmigrations'], { cwd: root, env: { DATABASE_URL: sqliteUrl('migrate') } });
      expect(shown.stdout).toMatch(/^ \[X\] \d+_initial$/m);
      expect(shown.stdout).toMatch(/^ \[X\] \d+_add_photo$/m);
    });

    it('migrate creates the table on PostgreSQL', async () => {
      const r = await manage(['migrate'], { cwd: root, env: { DATABASE_URL: pgUrl(pgName) } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const tables = await withPostgres(pgName, (c) =>
        c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'GalleryPhoto'"),
      );
      expect(tables.rows).toEqual([{ table_name: 'GalleryPhoto' }]);
    });

    it('its own command reads the model, and its embed works in posts and islands, with no edit outside apps/gallery/', async () => {
      const env = { DATABASE_URL: sqliteUrl('own') };
      expect((await manage(['migrate'], { cwd: root, env })).code).toBe(0);
      const app = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, 'apps/gallery', file)), { recursive: true });
        fs.writeFileSync(path.join(root, 'apps/gallery', file), text);
      };
      app(
        'commands/photos.ts',
        `import { defineCommand } from 'manifold/app';
export const addPhoto = defineCommand({
  description: 'Add a photo.',
  arguments: [{ name: 'title', help: 'The photo title, also its slug.' }],
  async run({ title }, ctx) {
    const { getDb } = await import('manifold/db');
    const db = getDb();
    try {
      await db.galleryPhoto.create({ data: { title, imageUrl: '/m/' + title + '.jpg', slug: title } });
      ctx.out('photos: ' + (await db.galleryPhoto.count()));
    } finally {
      await db.$disconnect();
    }
  },
});
`,
      );
      const index = fs.readFileSync(path.join(root, 'apps/gallery/commands/index.ts'), 'utf8');
      app('commands/index.ts', `import { addPhoto } from './photos';\n${index.replace('export default commands;', 'commands.addphoto = addPhoto;\nexport default commands;')}`);
      app('ui/strip.client.tsx', `'use client';\nexport default function GalleryStrip({ title }: { title?: string }) {\n  return <figure className="gallery-strip">gallery-strip:{title}</figure>;\n}\n`);
      app('embeds.ts', `import type { EmbedRegistry } from 'manifold/app';\nimport GalleryStrip from './ui/strip.client';\nexport default { GalleryStrip } as EmbedRegistry;\n`);
      app('embed-props.ts', `import { z } from 'zod';\nimport type { EmbedSchemas } from 'manifold/app';\nexport default { GalleryStrip: z.object({ title: z.string().max(80).optional() }).strict() } satisfies EmbedSchemas;\n`);

      const added = await manage(['gallery', 'addphoto', 'sunset'], { cwd: root, env });
      expect(added.stderr).toBe('');
      expect(added.stdout.trim()).toBe('photos: 1');
      // Bare, like loadcontent: no core command or other app takes the name.
      expect((await manage(['addphoto', 'dawn'], { cwd: root, env })).stdout.trim()).toBe('photos: 2');

      const posts = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-gallery-posts-'));
      try {
        fs.writeFileSync(path.join(posts, 'photos.mdx'), '---\ntitle: 사진\nslug: photos\ndate: 2020-02-16T15:15:00+09:00\ncategory: 일상\n---\n노을 사진입니다.\n\n<GalleryStrip title="노을" />\n');
        const checked = await manage(['checkcontent', posts], { cwd: root });
        expect(checked.stdout).toMatch(/^ok {3}photos\.mdx {2}"사진" .*embeds \[GalleryStrip\]$/m);
        expect(checked.code).toBe(0);
        const bad = path.join(posts, 'photos.mdx');
        fs.writeFileSync(bad, fs.readFileSync(bad, 'utf8').replace('title="노을"', 'colour="red"'));
        expect((await manage(['checkcontent', posts], { cwd: root })).stdout).toContain('<GalleryStrip> prop "colour": GalleryStrip has no such prop');
      } finally {
        fs.rmSync(posts, { recursive: true, force: true });
      }

      // The islands step of `manifold build`, as scripts/build.mjs runs it (TypeScript and the @site/ hooks loaded).
      const islands = spawnSync(
        process.execPath,
        ['--import', 'tsx/esm', '--import', path.join(frameworkRoot, 'lib', 'node', 'register.mjs'), path.join(frameworkRoot, 'scripts', 'build-islands.ts')],
        { cwd: root, encoding: 'utf8' },
      );
      expect(islands.status, islands.stderr).toBe(0);
      expect(islands.stdout).toMatch(/Built embeds of .*\bgallery into public\/_islands/);
      const chunks = fs.readdirSync(path.join(root, 'public/_islands/chunks')).map((f) => fs.readFileSync(path.join(root, 'public/_islands/chunks', f), 'utf8'));
      expect(chunks.some((c) => c.includes('gallery-strip:'))).toBe(true);
      // Seven manage runs and an islands build: minutes on a busy machine.
    }, 600_000);

    it("the new model works through the generic data commands: it is the gallery app's in dumpdata", async () => {
      const env = { DATABASE_URL: sqliteUrl('dump') };
      expect((await manage(['migrate'], { cwd: root, env })).code).toBe(0);
      const created = await manage(['shell', '-c', "(await db.galleryPhoto.create({ data: { title: '노을', imageUrl: '/m/1.jpg', slug: 'sunset', takenAt: new Date('2020-02-16T06:15:00Z') } })).id"], { cwd: root, env });
      expect(created.stderr).toBe('');
      expect(created.stdout.trim()).toBe('1');
      const dumped = await manage(['dumpdata', 'gallery'], { cwd: root, env });
      expect(JSON.parse(dumped.stdout)).toEqual([
        { model: 'gallery.galleryphoto', pk: 1, fields: { title: '노을', imageUrl: '/m/1.jpg', slug: 'sunset', takenAt: '2020-02-16T06:15:00.000Z', featured: false } },
      ]);
    });
  });
});

describe('startproject (the site is installed and upgraded in tests/upgrade.test.ts)', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-startproject-'));
  const site = path.join(base, 'my-notes');
  let created: Awaited<ReturnType<typeof manage>>;
  beforeAll(async () => {
    created = await manage(['startproject', site, '--ml', '--title', "Kim's ML notes"], { cwd: base });
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('writes a thin site from the template and says what it wrote; its first migration waits for npm install', () => {
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const files = listTree(site);
    for (const f of files) expect(created.stdout).toContain(`  created   ${f}`);
    expect(created.stdout).toContain(`Site "my-notes" created in ${site} (${files.length} files; \`npm install\` adds its first migration).`);
    // 54 files (13 of them the route files of the admin, its API, the editor's preview frame, media, scheduled
    // publishing and the sign-in pages, and vercel.json's cron; 6 the Atom and JSON feeds, the category and tag feeds,
    // the favicon, the icons and the web manifest; 1 the search API; 1 the posts' Open Graph images; 1 the readiness
    // check /api/ready; 1 pages/_error.tsx, the 503 page while the database is out of reach); --ml adds its three API route files (the demos', and the model
    // library's /api/ml/custom/<slug>).
    expect(files.length).toBe(54);
    expect(files).toEqual(expect.arrayContaining(['app/api/search/route.ts', 'app/atom.xml/route.ts', 'app/feed.json/route.ts', 'app/feeds/[file]/[...scope]/route.ts', 'app/favicon.ico/route.ts', 'app/icons/[name]/route.ts', 'app/og/[file]/route.ts', 'app/manifest.ts']));
    expect(files).toEqual(expect.arrayContaining(['app/admin/api/[...path]/route.ts', 'app/media/[...key]/route.ts', 'app/api/cron/publish-scheduled/route.ts', 'app/api/ready/route.ts', 'pages/_error.tsx', 'pages/admin-preview.tsx', 'vercel.json']));
    expect(files).toEqual(expect.arrayContaining(['app/admin/[[...path]]/page.tsx', 'app/accounts/[[...path]]/page.tsx', 'app/api/auth/[...nextauth]/route.ts']));
    expect(files.some((f) => f.endsWith('.tmpl') || f.startsWith('node_modules'))).toBe(false);
    // --ml: the app and its API routes.
    expect(files).toEqual(expect.arrayContaining(['app/api/ml/route.ts', 'app/api/ml/[model]/route.ts', 'app/api/ml/custom/[slug]/route.ts', '.gitignore', 'tests/content.test.ts']));
    const config = fs.readFileSync(path.join(site, 'site.config.ts'), 'utf8');
    expect(config).toContain("export const installedApps = ['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', 'manifold/ml'] as const;");
    expect(config).toContain("title: 'Kim\\'s ML notes',");
    const pkg = JSON.parse(fs.readFileSync(path.join(site, 'package.json'), 'utf8'));
    const framework = JSON.parse(fs.readFileSync(path.join(frameworkRoot, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-notes');
    expect(pkg.dependencies).toEqual({
      manifold: `^${framework.version}`,
      next: framework.peerDependencies.next,
      react: framework.peerDependencies.react,
      'react-dom': framework.peerDependencies['react-dom'],
      zod: framework.dependencies.zod,
    });
    expect(pkg.scripts).toMatchObject({ postinstall: 'manifold setup', start: 'manifold start', build: 'manifold build', manage: 'manifold' });
    // Pages Router reader pages keep the literal config Next reads statically.
    expect(fs.readFileSync(path.join(site, 'pages/[lang]/posts/[slug].tsx'), 'utf8')).toContain("export const config = { runtime: 'nodejs', unstable_runtimeJS: false };");
    // The first migration is made by the framework version npm installs (manifold setup; tests/upgrade.test.ts).
    expect(fs.existsSync(path.join(site, 'prisma', 'migrations'))).toBe(false);
  });

  it('refuses a non-empty folder, a bad package name, a folder inside the framework and bad options, writing nothing', async () => {
    const before = listTree(site);
    const again = await manage(['startproject', site], { cwd: base });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`Error: ${site} already exists and is not empty.`);
    expect(listTree(site)).toEqual(before);

    const cases: [string[], RegExp][] = [
      [[path.join(base, 'My Site!')], /^Error: "My Site!" cannot name a site's package/],
      [[path.join(base, 'next')], /^Error: "next" is the name of a package the site depends on/],
      [[path.join(frameworkRoot, 'tmp-site')], /^Error: .* is inside the manifold package/],
      [[path.join(base, 'ok-site'), '--title', ''], /^Error: --title must be 1 to 100 characters/],
      [[path.join(base, 'ok-site'), '--manifold', 'file:a b.tgz'], /^Error: --manifold must be an npm version range/],
      [[], /dir/],
    ];
    for (const [args, message] of cases) {
      const r = await manage(['startproject', ...args], { cwd: base });
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
    expect(fs.readdirSync(base).sort()).toEqual(['my-notes']);
    expect(fs.existsSync(path.join(frameworkRoot, 'tmp-site'))).toBe(false);
  });

  it('gives the new site an app with startapp, importing the framework only as manifold/…', async () => {
    const r = await manage(['startproject', path.join(base, 'app-site')], { cwd: base });
    expect(r.code, r.stderr).toBe(0);
    const siteRoot = path.join(base, 'app-site');
    try {
      // What npm install would link: the framework (for startapp to find manifold/accounts and manifold/blog).
      fs.mkdirSync(path.join(siteRoot, 'node_modules'));
      fs.symlinkSync(frameworkRoot, path.join(siteRoot, 'node_modules', 'manifold'));
      const { startApp } = await import('../commands/startapp');
      const made = startApp('gallery', siteRoot);
      expect(made.created).toContain('apps/gallery/tests/app.test.ts');
      expect(fs.readFileSync(path.join(siteRoot, 'site.config.ts'), 'utf8')).toContain("['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', 'gallery']");
      for (const file of made.created) expect(fs.readFileSync(path.join(siteRoot, file), 'utf8'), file).not.toMatch(/from '(\.\.\/)+(lib|packages)\//);
    } finally {
      fs.rmSync(siteRoot, { recursive: true, force: true });
    }
  });
});
