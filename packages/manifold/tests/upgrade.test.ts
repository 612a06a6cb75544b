// A site made by `manifold startproject` from the packed framework, installed with real npm, served by `npm start`,
// then upgraded to a release (0.2.1: a fixed view, a new field on a contrib model, a renamed setting) by
// `npm install manifold@0.2.1 && manage makemigrations && manage migrate` and nothing else: the site's own files stay
// as they were, the column appears, the fix is served, and `manage check` names the renamed setting.
// Minutes long (two installs, two Next builds): the steps run once in beforeAll and the tests read what they left.
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FRAMEWORK = fs.realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const PORTS = { before: 3401, after: 3402 };
const FIX_MARKER = 'reading-time-fixed-in-0.2.1';
const OLD_SETTING = 'MANIFOLD_PAGE_CACHE_MB';
const NEW_SETTING = 'MANIFOLD_PAGE_CACHE_MEGABYTES';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-upgrade-'));
const site = path.join(base, 'my-notes');

/** The environment of a person's shell: none of the test runner's (NODE_ENV=test, VITEST, a DATABASE_URL). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(NODE_ENV|VITEST.*|DATABASE_URL|MANIFOLD_.*|PORT|TEST|NODE_OPTIONS)$/.test(k)) env[k] = v;
  return { ...env, CI: '1', NEXT_TELEMETRY_DISABLED: '1', ...extra } as unknown as NodeJS.ProcessEnv;
}

/**
 * better-sqlite3 has no prebuilt binary this machine can download (only the npm registry is reachable), and compiling
 * it takes minutes: prebuild-install's documented local-prebuilds option hands it the binary this workspace already
 * built for the same version and Node ABI. npm install runs the package's install script as usual.
 */
function localPrebuilds(): Record<string, string> {
  const pkgJson = createRequire(path.join(FRAMEWORK, 'package.json')).resolve('better-sqlite3/package.json');
  const dir = path.dirname(pkgJson);
  const { version } = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string };
  if (!fs.existsSync(path.join(dir, 'build', 'Release', 'better_sqlite3.node'))) return {};
  const out = path.join(base, 'prebuilds');
  fs.mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-czf', path.join(out, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`), '-C', dir, 'build/Release/better_sqlite3.node']);
  return { npm_config_better_sqlite3_local_prebuilds: out };
}

let npmEnv: NodeJS.ProcessEnv;
const timings: Record<string, number> = {};

function run(step: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? site, env: opts.env ?? npmEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 480_000 });
  timings[step] = (timings[step] ?? 0) + (Date.now() - t);
  if (r.status !== 0) throw new Error(`${step} failed (${r.status}): ${cmd} ${args.join(' ')}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
}
const npm = (step: string, args: string[], cwd = site) => run(step, 'npm', [...args], { cwd });
const manage = (step: string, args: string[], env: Record<string, string> = {}) =>
  run(step, path.join(site, 'node_modules', '.bin', 'manifold'), args, { env: { ...npmEnv, ...env } });
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: site, encoding: 'utf8' });

/** Every file under dir, relative and sorted ([] when it does not exist). */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

/** Packs a framework folder into dest; returns the tarball's path. */
function pack(dir: string, dest: string): string {
  const r = run('npm pack', 'npm', ['pack', '--pack-destination', dest, '--json'], { cwd: dir, env: cleanEnv() });
  return path.join(dest, (JSON.parse(r.stdout) as { filename: string }[])[0].filename);
}

/** The framework as its next release would be: version 0.2.1, a fixed view, a new optional field, a renamed setting. */
function makeRelease(): string {
  const copy = path.join(base, 'manifold-0.2.1');
  fs.cpSync(FRAMEWORK, copy, { recursive: true, filter: (src) => !/(^|\/)(node_modules|tests)(\/|$)/.test(path.relative(FRAMEWORK, src)) });
  const edit = (rel: string, from: string | RegExp, to: string) => {
    const file = path.join(copy, rel);
    const text = fs.readFileSync(file, 'utf8');
    if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) throw new Error(`the release edit of ${rel} no longer applies: ${String(from)}`);
    fs.writeFileSync(file, typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to));
  };
  edit('package.json', '"version": "0.2.0"', '"version": "0.2.1"');
  edit('contrib/blog/views/post.tsx', '<span>{dict.readingTime(post.readingMinutes)}</span>', `<span data-fix="${FIX_MARKER}">{dict.readingTime(post.readingMinutes)}</span>`);
  edit('contrib/blog/models.prisma', /^(\s*)seoDescription(\s+)String\?\n/m, '$1seoDescription$2String?\n$1subtitle       String?\n');
  edit('lib/server/settings.mjs', OLD_SETTING, NEW_SETTING);
  edit(
    'lib/server/settings.mjs',
    'export const DEPRECATED_SETTINGS = Object.freeze({});',
    `export const DEPRECATED_SETTINGS = Object.freeze({ ${OLD_SETTING}: { replacement: '${NEW_SETTING}', since: '0.2.1', removedIn: '0.4.0' } });`,
  );
  return pack(copy, path.join(base, 'packs'));
}

/** `npm start` on a port until the home page answers; returns the pages asked for (and runs `browse`), then stops the server. */
async function serve(port: number, paths: string[], step: string, browse?: (base: string) => Promise<void>): Promise<Record<string, { status: number; body: string }>> {
  const t = Date.now();
  const child = spawn('npm', ['start'], { cwd: site, env: { ...npmEnv, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${log.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`npm start did not answer on ${port}:\n${log.slice(-4000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const out: Record<string, { status: number; body: string }> = {};
    for (const p of paths) {
      const res = await fetch(`http://127.0.0.1:${port}${p}`);
      out[p] = { status: res.status, body: await res.text() };
    }
    if (Object.values(out).some((r) => r.status >= 500)) throw new Error(`a page failed:\n${log.slice(-4000)}`);
    if (browse) {
      try {
        await browse(`http://127.0.0.1:${port}`);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- server log:\n${log.slice(-3000)}`, { cause: err });
      }
    }
    return out;
  } finally {
    timings[step] = Date.now() - t;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

/** sha256 of every file of `dir` but node_modules: to find copies of framework files. */
function hashes(dir: string, skip: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (d.name === 'node_modules' || skip.test(child)) continue;
      if (d.isDirectory()) walk(child);
      else if (d.isFile()) out.set(child, crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, child))).digest('hex'));
    }
  };
  walk('');
  return out;
}

interface Results {
  written: string[];
  migrations: string[];
  firstMigration: string;
  before: Record<string, { status: number; body: string }>;
  after: Record<string, { status: number; body: string }>;
  statusAfterStart: string;
  statusAfterUpgrade: string;
  installedVersion: string;
  made: string;
  migrated: string;
  check: string;
  pageCacheBytes: string;
  siteTests: string;
  startapp: string;
  gallery: { migration: string; list: string; slug: string; searched: string[]; reopened: string };
}
let results: Results;

const OWNER = { email: 'owner@example.com', password: 'a long owner password 2026' };
const GALLERY_ADMIN_LINE = "  { model: 'GalleryItem', listDisplay: ['title', 'slug', 'createdAt'], searchFields: ['title'], prepopulatedFields: { slug: ['title'] } },";

/** In Chromium: sign in, add a GalleryItem with a Korean title through the admin, find it in its list and by search. */
async function browseGallery(origin: string, into: Results['gallery']) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ baseURL: origin, locale: 'ko-KR' });
    const seen: string[] = [];
    page.on('console', (m) => m.type() === 'error' && seen.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && seen.push(`${r.status()} ${r.request().method()} ${r.url()}`));
    try {
      await addGalleryItem(page, into);
    } catch (err) {
      const text = (await page.locator('body').innerText().catch(() => '')).slice(0, 1500);
      seen.push(`cookies: ${JSON.stringify((await page.context().cookies()).map((c) => [c.name, c.domain, c.secure, c.value.length]))}`);
      seen.push(`session: ${await page.request.get('/api/auth/session').then((r) => r.text(), (e: Error) => e.message)}`);
      throw new Error(`${(err as Error).message}\n--- at ${page.url()}:\n${text}\n--- browser:\n${seen.join('\n')}`, { cause: err });
    }
  } finally {
    await browser.close();
  }
}

async function addGalleryItem(page: import('playwright-core').Page, into: Results['gallery']) {
  {
    await page.goto('/accounts/login?next=%2Fadmin%2Fgallery%2Fgalleryitem%2Fadd');
    await page.locator('input[name="email"]').fill(OWNER.email);
    await page.locator('input[name="password"]').fill(OWNER.password);
    // Enter in the password field submits the sign-in form (the header's language switch is a form too).
    await page.locator('input[name="password"]').press('Enter');
    await page.waitForURL('**/admin/gallery/galleryitem/add', { timeout: 30_000 });
    await page.locator('#id_title').fill('갤러리 첫 작품');
    // The slug follows the Korean title as it is typed (prepopulatedFields), readable rather than transliterated.
    await page.waitForFunction(() => (document.querySelector('#id_slug') as HTMLInputElement | null)?.value === '갤러리-첫-작품', null, { timeout: 10_000 });
    into.slug = await page.locator('#id_slug').inputValue();
    await page.getByRole('button', { name: '저장', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/gallery/galleryitem', { timeout: 30_000 });
    into.list = (await page.locator('table').first().textContent()) ?? '';
    await page.goto('/admin/gallery/galleryitem?q=%EC%B2%AB');
    into.searched = await page.locator('table tbody th a').allTextContents();
    await page.locator('table tbody th a').first().click();
    await page.waitForURL(/\/admin\/gallery\/galleryitem\/\d+\/change$/);
    into.reopened = await page.locator('#id_title').inputValue();
  }
}
const started = Date.now();

beforeAll(async () => {
  npmEnv = cleanEnv(localPrebuilds());
  const packs = path.join(base, 'packs');
  fs.mkdirSync(packs);
  const tarball = pack(FRAMEWORK, packs);

  // startproject as `npx manifold startproject` runs it: the framework's bin, outside any project.
  const created = run('startproject', process.execPath, [path.join(FRAMEWORK, 'bin', 'manifold.mjs'), 'startproject', site, '--manifold', `file:${tarball}`], { cwd: base, env: cleanEnv() });
  const lines = created.stdout.split('\n').filter((l) => l.startsWith('  created   ')).map((l) => l.slice(12));

  // npm install's `manifold setup` makes the site's first migration with the framework it installed.
  const installed = npm('npm install 0.2.0', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  const migrations = listFiles(path.join(site, 'prisma', 'migrations')).map((f) => `prisma/migrations/${f}`);
  const firstMigration = installed.stdout;
  manage('migrate', ['migrate']);
  // The site under version control as its author keeps it (its own .gitignore), to see what the upgrade touches.
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'my site');
  const before = await serve(PORTS.before, ['/', '/posts/welcome'], 'npm start 0.2.0 (build + serve)');
  const statusAfterStart = git('status', '--porcelain');

  const release = makeRelease();
  npm('npm install 0.2.1', ['install', '--prefer-offline', '--no-audit', '--no-fund', `file:${release}`]);
  const installedVersion = (JSON.parse(fs.readFileSync(path.join(site, 'node_modules', 'manifold', 'package.json'), 'utf8')) as { version: string }).version;
  const made = manage('makemigrations', ['makemigrations']).stdout;
  const migrated = manage('migrate', ['migrate']).stdout;
  // check exits 0: a deprecation is a warning. The old name set, the new one not, as a site that has not caught up.
  const check = manage('check', ['check'], { [OLD_SETTING]: '32' }).stdout;
  const pageCacheBytes = manage('shell', ['shell', '-c', 'settings.server.pageCacheBytes'], { [OLD_SETTING]: '32' }).stdout.trim();
  const statusAfterUpgrade = git('status', '--porcelain', '--untracked-files=all');
  // The site grows an app of its own (after the upgrade's file check): its page and its tests in the installed site.
  const startapp = manage('startapp', ['startapp', 'gallery']).stdout;
  // Its model (the template's example, uncommented), a migration, and one line in its admin.ts: the admin shows it.
  const modelsFile = path.join(site, 'apps', 'gallery', 'models.prisma');
  fs.writeFileSync(modelsFile, fs.readFileSync(modelsFile, 'utf8').replace(/^\/\/ model GalleryItem \{[\s\S]*?^\/\/ \}$/m, (block) => block.replace(/^\/\/ ?/gm, '')));
  const adminFile = path.join(site, 'apps', 'gallery', 'admin.ts');
  fs.writeFileSync(adminFile, fs.readFileSync(adminFile, 'utf8').replace('const admin: ModelAdmin[] = [\n', `const admin: ModelAdmin[] = [\n${GALLERY_ADMIN_LINE}\n`));
  const galleryMigration = manage('makemigrations gallery', ['makemigrations', '--name', 'gallery']).stdout;
  manage('migrate gallery', ['migrate']);
  manage('createsuperuser', ['createsuperuser', '--no-input', '--email', OWNER.email, '--name', '주인'], { MANIFOLD_SUPERUSER_PASSWORD: OWNER.password });
  const gallery: Results['gallery'] = { migration: galleryMigration, list: '', slug: '', searched: [], reopened: '' };
  const after = await serve(PORTS.after, ['/', '/posts/welcome', '/gallery'], 'npm start 0.2.1 (rebuild + serve)', (origin) => browseGallery(origin, gallery));
  const siteTests = run('site npm test', 'npm', ['test']).stdout;
  results = { written: lines, migrations, firstMigration, before, after, statusAfterStart, statusAfterUpgrade, installedVersion, made, migrated, check, pageCacheBytes, siteTests, startapp, gallery };
  timings.total = Date.now() - started;
  process.stdout.write(`upgrade test timings (ms): ${JSON.stringify(timings)}\n`);
}, 900_000);

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('a site made by startproject', () => {
  it('is thin: fewer than 55 files, none of them a copy of a framework file; npm install adds its first migration', () => {
    expect(results.written.length).toBeGreaterThan(10);
    // Route files are most of it (Next finds routes only as files): reader pages, the API and search API, the admin and
    // its API, the editor's preview frame, media, cron, sign-in, the feeds (site, category, tag), icons and the manifest.
    expect(results.written.length).toBeLessThan(55);
    expect(results.written.filter((f) => f.startsWith('prisma/migrations/'))).toEqual([]);
    expect(results.firstMigration).toMatch(/Made the site's first migration: prisma\/migrations\/sqlite\/\d{14}_initial/);
    expect(results.written).toEqual(expect.arrayContaining(['package.json', 'next.config.mjs', 'site.config.ts', 'tsconfig.json', 'pages/_app.tsx', 'tests/content.test.ts', '.gitignore', 'content/posts/welcome.mdx']));
    // Two providers × (migration.sql, the schema snapshot, the lock file).
    expect(results.migrations).toHaveLength(6);
    const framework = new Set(hashes(FRAMEWORK, /^(template|tests)(\/|$)/).values());
    const copies = [...results.written].filter((f) => framework.has(crypto.createHash('sha256').update(fs.readFileSync(path.join(site, f))).digest('hex')));
    expect(copies).toEqual([]);
    const pkg = JSON.parse(git('show', 'HEAD:package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.manifold).toMatch(/^file:.*manifold-0\.2\.0\.tgz$/);
    expect(fs.readFileSync(path.join(site, 'next.config.mjs'), 'utf8')).toMatch(/^export default withManifold\(\{\}\);$/m);
  });

  it('npm install && npm start serves its home page and the welcome post (math rendered), and changes none of its files', () => {
    expect(results.before['/'].status).toBe(200);
    expect(results.before['/'].body).toContain('My Notes에 오신 것을 환영합니다');
    expect(results.before['/posts/welcome'].status).toBe(200);
    expect(results.before['/posts/welcome'].body).toContain('class="katex');
    expect(results.before['/posts/welcome'].body).not.toContain(FIX_MARKER);
    expect(results.statusAfterStart).toBe('');
  });

  it('takes an app of its own with startapp: its page is served and its tests pass with the site\'s (npm test)', () => {
    expect(results.startapp).toContain('App "gallery" created and installed.');
    expect(results.after['/gallery'].status).toBe(200);
    expect(results.after['/gallery'].body).toContain('The <code>gallery</code> app is installed.');
    // The welcome post's content test and the app template's three.
    const summary = results.siteTests.replace(/\x1b\[[0-9;]*m/g, '');
    expect(summary).toMatch(/Test Files\s+2 passed \(2\)/);
    expect(summary).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it("shows the app's model in the admin after makemigrations, migrate and one line in its admin.ts (in Chromium)", () => {
    expect(results.gallery.migration).toMatch(/\d{14}_gallery/);
    expect(results.gallery.migration).toMatch(/Create table GalleryItem/i);
    expect(results.gallery.slug).toBe('갤러리-첫-작품');
    expect(results.gallery.list).toContain('갤러리 첫 작품');
    expect(results.gallery.searched).toEqual(['갤러리 첫 작품']);
    expect(results.gallery.reopened).toBe('갤러리 첫 작품');
  });
});

describe('upgrading the framework 0.2.0 → 0.2.1', () => {
  it('changes only package.json, the lock file and the new migration of the site', () => {
    expect(results.installedVersion).toBe('0.2.1');
    const changed = results.statusAfterUpgrade.split('\n').filter(Boolean).map((l) => l.slice(3)).sort();
    expect(changed.filter((f) => !f.startsWith('prisma/migrations/'))).toEqual(['package-lock.json', 'package.json']);
    const migrationFiles = changed.filter((f) => f.startsWith('prisma/migrations/'));
    expect(migrationFiles).toHaveLength(4);
    for (const f of migrationFiles) expect(f).toMatch(/^prisma\/migrations\/(sqlite|postgresql)\/\d{14}_auto\/(migration\.sql|schema\.prisma)$/);
    expect(results.statusAfterUpgrade).toMatch(/^\?\? /m);
    expect(results.statusAfterUpgrade).not.toMatch(/^ ?[MD] (?!package(-lock)?\.json)/m);
  });

  it('makemigrations writes the new field of the contrib model and migrate adds the column to SQLite', () => {
    expect(results.made).toMatch(/- Alter table Post/);
    const dir = path.join(site, 'prisma', 'migrations', 'sqlite');
    const latest = fs.readdirSync(dir).filter((d) => d.endsWith('_auto'));
    expect(latest).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, latest[0], 'migration.sql'), 'utf8')).toMatch(/ALTER TABLE "Post" ADD COLUMN "subtitle" TEXT/);
    expect(results.migrated).toMatch(/Applying \d{14}_auto\.\.\. OK/);
    const db = new Database(path.join(site, 'data', 'manifold.db'), { readonly: true });
    try {
      const columns = (db.prepare('PRAGMA table_info("Post")').all() as { name: string; notnull: number }[]).map((c) => [c.name, c.notnull]);
      expect(columns).toContainEqual(['subtitle', 0]);
    } finally {
      db.close();
    }
  });

  it('serves the fixed view after npm start rebuilds', () => {
    expect(results.after['/posts/welcome'].status).toBe(200);
    expect(results.after['/posts/welcome'].body).toContain(`data-fix="${FIX_MARKER}"`);
    expect(results.after['/'].status).toBe(200);
  });

  it('keeps the renamed setting working and says so in manage check, with the replacement and the release that drops it', () => {
    expect(results.check).toContain(`${OLD_SETTING}: (settings.W003) ${OLD_SETTING} is deprecated since manifold 0.2.1 and will be removed in 0.4.0: rename it to ${NEW_SETTING}.`);
    expect(results.check).toContain(`HINT: Set ${NEW_SETTING} instead of ${OLD_SETTING}.`);
    expect(results.pageCacheBytes).toBe(String(32 * 1024 * 1024));
  });
});
