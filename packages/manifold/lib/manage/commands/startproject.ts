// `manage startproject <dir>`: a new, empty Manifold site — this project's code and apps without its posts,
// database, build output or git history, with a fresh initial migration and its own README.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CommandError, defineCommand } from '../../app';
import { makeMigrations } from '../../migrations';
import { projectRoot } from '../../schema';

/** Paths (relative to the project, `/`-separated) that a new site does not get. */
const EXCLUDED = [
  '.git', 'node_modules', '.next', 'data', 'content/posts', 'content/categories.json', 'test-results', 'playwright-report',
  'coverage', 'prisma/generated', 'prisma/sqlite', 'prisma/postgresql', 'prisma/migrations', '.env', '.env.local',
  'next-env.d.ts', '.DS_Store',
];
const EXCLUDED_SUFFIXES = ['.tsbuildinfo', '.log'];

function excluded(rel: string): boolean {
  return EXCLUDED.some((e) => rel === e || rel.startsWith(`${e}/`)) || EXCLUDED_SUFFIXES.some((s) => rel.endsWith(s)) || /(^|\/)\.shell_history$/.test(rel);
}

/**
 * The project's files as git sees them (tracked, plus new files .gitignore does not exclude), so local
 * databases, secrets and build output stay behind; null when the project is not a git checkout.
 */
function gitFiles(from: string): string[] | null {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: from, encoding: 'utf8' });
  if (r.status !== 0 || r.error) return null;
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: from, encoding: 'utf8' });
  if (top.status !== 0 || path.resolve(top.stdout.trim()) !== path.resolve(from)) return null;
  return [...new Set(r.stdout.split('\0').filter(Boolean))];
}

/** Where a site's tests find the sample posts (scripts/e2e-server.mjs prefers it to content/). */
export const SAMPLE_FIXTURES = path.join('tests', 'fixtures', 'sample-content');

function copySampleContentForTests(from: string, to: string) {
  const source = fs.existsSync(path.join(from, SAMPLE_FIXTURES, 'posts')) ? path.join(from, SAMPLE_FIXTURES) : path.join(from, 'content');
  const target = path.join(to, SAMPLE_FIXTURES);
  if (!fs.existsSync(path.join(source, 'posts'))) return;
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(path.join(source, 'posts'), path.join(target, 'posts'), { recursive: true });
  if (fs.existsSync(path.join(source, 'categories.json'))) fs.copyFileSync(path.join(source, 'categories.json'), path.join(target, 'categories.json'));
}

function copyFiles(from: string, to: string, files: string[]): number {
  let count = 0;
  for (const rel of files) {
    if (excluded(rel)) continue;
    const src = path.join(from, rel);
    const stat = fs.lstatSync(src, { throwIfNoEntry: false });
    if (!stat) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), path.join(to, rel));
    else if (stat.isFile()) fs.copyFileSync(src, path.join(to, rel));
    else continue;
    count++;
  }
  return count;
}

function copyTree(from: string, to: string, rel = ''): number {
  let count = 0;
  for (const entry of fs.readdirSync(path.join(from, rel), { withFileTypes: true })) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (excluded(childRel)) continue;
    const src = path.join(from, childRel);
    const dest = path.join(to, childRel);
    if (entry.isDirectory()) {
      fs.mkdirSync(dest, { recursive: true });
      count += copyTree(from, to, childRel);
    } else if (entry.isFile()) {
      fs.copyFileSync(src, dest);
      count++;
    } else if (entry.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(src), dest);
      count++;
    }
  }
  return count;
}

export function projectName(dir: string): string {
  return path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-_.]+$/g, '') || 'manifold-site';
}

function readme(name: string, apps: string[]): string {
  return `# ${name}

A [Manifold](https://github.com/) site: a blog/CMS on Next.js with Django's workflow — apps, \`manage\`
commands, migrations for SQLite and PostgreSQL, fixtures and an automatic admin.

## Run it

\`\`\`sh
npm install && npm start     # migrate the SQLite database in data/, build, serve on http://localhost:3000
npm install && npm test      # unit tests (vitest) and end-to-end tests (Playwright)
\`\`\`

Set \`DATABASE_URL=postgresql://user@host:5432/dbname\` to use PostgreSQL instead of the SQLite file.

## Make it yours

\`\`\`sh
npm run manage -- createsuperuser            # an admin account
npm run manage -- loadcontent content/posts  # MDX posts (with frontmatter) into the database
npm run manage -- startapp gallery           # a new app in apps/gallery, installed in site.config.ts
npm run manage -- makemigrations             # after editing any apps/*/models.prisma
npm run manage -- migrate
npm run manage -- runserver                  # the development server
npm run manage -- help                       # every command
\`\`\`

Installed apps: ${apps.map((a) => `\`${a}\``).join(', ')} (see \`site.config.ts\`). Site name, title and language
are in \`site.config.ts\`; secrets and URLs come from the environment (\`DATABASE_URL\`, \`AUTH_SECRET\`, \`SITE_URL\`).
${fs.existsSync(path.join(projectRoot, 'docs', 'coming-from-django.md')) ? '\nComing from Django? Read `docs/coming-from-django.md`.\n' : ''}`;
}

/** The site's own name in site.config.ts (name, titles and descriptions of the sample blog would mislead). */
function renameSite(config: string, name: string): string {
  const title = name.replace(/[-_.]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const set = (text: string, key: string, value: string) =>
    text.replace(new RegExp(`^(\\s*${key}\\s*:\\s*)(['"\`])(?:(?!\\2).)*\\2`, 'm'), (_m, pre: string) => `${pre}${JSON.stringify(value).replace(/^"|"$/g, "'")}`);
  let out = config;
  out = set(out, 'name', title);
  out = set(out, 'title', title);
  out = set(out, 'titleEn', title);
  out = set(out, 'description', `${title}, a Manifold site.`);
  out = set(out, 'descriptionEn', `${title}, a Manifold site.`);
  return out;
}

export interface StartProjectResult {
  dir: string;
  files: number;
  migrations: string[];
}

export async function startProject(target: string, from = projectRoot): Promise<StartProjectResult> {
  const dir = path.resolve(target);
  const inside = path.relative(from, dir);
  if (!inside || (!inside.startsWith('..') && !path.isAbsolute(inside))) {
    // A site inside this project would copy itself into itself.
    throw new CommandError(`${dir} is inside this project; choose a folder outside ${from}.`);
  }
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new CommandError(`${dir} already exists and is not empty.`);
  }
  const existed = fs.existsSync(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const listed = gitFiles(from);
    const files = listed ? copyFiles(from, dir, listed) : copyTree(from, dir);
    const name = projectName(dir);
    fs.mkdirSync(path.join(dir, 'content', 'posts'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'content', 'posts', '.gitkeep'), '');
    // The inherited test suite reads and renders known posts; they become its fixtures, not the site's content.
    copySampleContentForTests(from, dir);
    const pkgFile = path.join(dir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    pkg.name = name;
    pkg.version = '0.1.0';
    fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
    const lockFile = path.join(dir, 'package-lock.json');
    if (fs.existsSync(lockFile)) {
      const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
      lock.name = name;
      if (lock.packages?.['']) {
        lock.packages[''].name = name;
        lock.packages[''].version = '0.1.0';
      }
      fs.writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
    }
    const configFile = path.join(dir, 'site.config.ts');
    fs.writeFileSync(configFile, renameSite(fs.readFileSync(configFile, 'utf8'), name));
    const { installedAppLabels } = await import('../../schema');
    fs.writeFileSync(path.join(dir, 'README.md'), readme(name, installedAppLabels(dir)));
    // The new site's own history starts here: one initial migration from its apps' models, for both databases.
    const created = await makeMigrations({ root: dir, name: 'initial' });
    return { dir, files, migrations: created.map((m) => path.relative(dir, path.join(m.dir, 'migration.sql'))) };
  } catch (err) {
    if (existed) for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    else fs.rmSync(dir, { recursive: true, force: true });
    if (err instanceof CommandError) throw err;
    throw new CommandError(`startproject failed and was undone: ${(err as Error).message.split('\n')[0]}`);
  }
}

export const startProjectCommand = defineCommand({
  description: 'Create a new, empty Manifold site in <dir> (this project\'s apps and code, no posts or data, fresh migrations).',
  arguments: [{ name: 'dir', help: 'An empty or new folder outside this project.' }],
  async run({ dir }, ctx) {
    const result = await startProject(dir);
    ctx.out(`Copied ${result.files} file(s) into ${result.dir} (no posts, database, build output or git history).`);
    for (const m of result.migrations) ctx.out(`  created   ${m}`);
    ctx.out('  created   README.md, content/posts/');
    ctx.out('Next:');
    ctx.out(`  cd ${dir}`);
    ctx.out('  npm install && npm start');
  },
});
