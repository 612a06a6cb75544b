// `manifold startproject <dir>` (also what `npm create manifold` runs): a new, thin Manifold site written from the
// framework's template/ folder. The site depends on the `manifold` package and holds only its own files (settings,
// route files that hand each address to the framework, its apps, posts and migrations), so upgrading the framework is
// `npm install manifold@<version>` and never an edit of the site.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError, defineCommand } from '../../app';

/** The framework package (real path): its version, peer dependencies and template/. */
export const FRAMEWORK_DIR = fs.realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));
export const TEMPLATE_DIR = path.join(FRAMEWORK_DIR, 'template');

/**
 * Template paths that npm would not pack under their real names (`.gitignore` is dropped from packages, `tests/`
 * is excluded by the framework's `files`), mapped to what the site gets.
 */
const RENAMES: [from: string, to: string][] = [
  ['gitignore', '.gitignore'],
  ['site-tests/', 'tests/'],
];

/** Template files only a site with the ml app gets (its API routes). */
const ML_ONLY = /^app\/api\/ml\//;

/** Package names a site cannot take: npm refuses a package that depends on its own name. */
const TAKEN_NAMES = new Set(['manifold', 'create-manifold', 'next', 'react', 'react-dom', 'zod', 'vitest', 'typescript', 'node_modules', 'favicon.ico']);

interface FrameworkPackage {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export function frameworkPackage(): FrameworkPackage {
  return JSON.parse(fs.readFileSync(path.join(FRAMEWORK_DIR, 'package.json'), 'utf8')) as FrameworkPackage;
}

/** The npm package name a folder gives, or the reason it cannot be one. */
export function projectName(dir: string): { name: string } | { problem: string } {
  const base = path.basename(path.resolve(dir));
  const name = base.toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name) || name.length > 214) {
    return { problem: `"${base}" cannot name a site's package: use letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. my-blog).` };
  }
  if (TAKEN_NAMES.has(name)) return { problem: `"${base}" is the name of a package the site depends on; choose another folder name.` };
  return { name };
}

/** "my-notes" → "My Notes": the site's title when none is given. */
function titleFromName(name: string): string {
  return name.replace(/[-_.]+/g, ' ').trim().replace(/\b\w/g, (c) => c.toUpperCase()) || name;
}

/** A TypeScript string literal (single quotes, as the house style writes them). */
function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function templateFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => {
      const full = path.join(dir, d.name);
      return d.isDirectory() ? templateFiles(full, base) : d.name.endsWith('.tmpl') ? [path.relative(base, full).split(path.sep).join('/')] : [];
    })
    .sort();
}

/** The site path a template file is written to. */
function targetPath(rel: string): string {
  let out = rel.replace(/\.tmpl$/, '');
  for (const [from, to] of RENAMES) if (out === from || (from.endsWith('/') && out.startsWith(from))) out = to + out.slice(from.length);
  return out;
}

function render(text: string, values: Record<string, string>, file: string): string {
  return text.replace(/\{\{([A-Za-z]\w*)\}\}/g, (whole, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`template ${file} names an unknown placeholder ${whole}`);
    return values[key];
  });
}

export interface StartProjectOptions {
  /** The site's title (site.config.ts); from the folder name when omitted. */
  title?: string;
  /** The `manifold` dependency's npm spec: a range (default ^<this version>), a tag, or a `file:` path to a tarball. */
  manifold?: string;
  /** Also install the ML runtime app (manifold/ml) and its API routes. */
  ml?: boolean;
  now?: Date;
}

export interface StartProjectResult {
  dir: string;
  name: string;
  /** Files written from the template, site-relative. */
  files: string[];
}

/** Why these options cannot make a site, or null; checked before anything is written. */
function optionProblem(dir: string, opts: StartProjectOptions): string | null {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) return `${dir} already exists and is not a folder.`;
  if (stat && fs.readdirSync(dir).length > 0) return `${dir} already exists and is not empty.`;
  const rel = path.relative(FRAMEWORK_DIR, dir);
  if (!rel || (!rel.startsWith('..') && !path.isAbsolute(rel))) return `${dir} is inside the manifold package; choose a folder outside ${FRAMEWORK_DIR}.`;
  if (opts.title !== undefined && (!opts.title.trim() || opts.title.length > 100 || /[\u0000-\u001f\u007f]/.test(opts.title))) {
    return '--title must be 1 to 100 characters on one line.';
  }
  if (opts.manifold !== undefined && (!opts.manifold.trim() || /\s/.test(opts.manifold) || opts.manifold.length > 500)) {
    return '--manifold must be an npm version range, tag or file: path, without spaces (e.g. ^0.2.0 or file:../manifold-0.2.0.tgz).';
  }
  return null;
}

export async function startProject(target: string, opts: StartProjectOptions = {}): Promise<StartProjectResult> {
  const dir = path.resolve(target);
  const named = projectName(dir);
  if ('problem' in named) throw new CommandError(named.problem);
  const problem = optionProblem(dir, opts);
  if (problem) throw new CommandError(problem);

  const pkg = frameworkPackage();
  const title = opts.title?.trim() ?? titleFromName(named.name);
  const apps = ['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', ...(opts.ml ? ['manifold/ml'] : [])];
  const values: Record<string, string> = {
    name: named.name,
    title,
    titleLiteral: tsString(title),
    descriptionLiteral: tsString(`${title}, a Manifold site.`),
    manifoldSpec: opts.manifold ?? `^${pkg.version}`,
    nextVersion: pkg.peerDependencies?.next ?? 'latest',
    reactVersion: pkg.peerDependencies?.react ?? 'latest',
    reactDomVersion: pkg.peerDependencies?.['react-dom'] ?? 'latest',
    zodVersion: pkg.dependencies?.zod ?? 'latest',
    installedApps: apps.map(tsString).join(', '),
    installedAppsList: apps.map((a) => `\`${a}\``).join(', '),
    date: (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  // Render everything before writing anything: a template problem must not leave half a site.
  const files = templateFiles(TEMPLATE_DIR)
    .filter((rel) => opts.ml || !ML_ONLY.test(rel))
    .map((rel) => ({ rel: targetPath(rel), text: render(fs.readFileSync(path.join(TEMPLATE_DIR, rel), 'utf8'), values, rel) }));

  const existed = fs.existsSync(dir);
  try {
    for (const f of files) {
      const file = path.join(dir, f.rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.text, { flag: 'wx' });
    }
    return { dir, name: named.name, files: files.map((f) => f.rel) };
  } catch (err) {
    if (existed) for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    else fs.rmSync(dir, { recursive: true, force: true });
    throw new CommandError(`startproject failed and was undone: ${(err as Error).message.split('\n')[0]}`);
  }
}


export const startProjectCommand = defineCommand({
  description: 'Create a new Manifold site in <dir>: a thin project that depends on the manifold package (its first migration is made by `npm install`).',
  arguments: [{ name: 'dir', help: 'A new or empty folder; its name becomes the package name (e.g. my-blog).' }],
  options: {
    title: { type: 'string', metavar: 'TEXT', help: "The site's title in site.config.ts (default: from the folder name)." },
    manifold: { type: 'string', metavar: 'SPEC', help: "The manifold dependency: a version range, tag or file: path to a packed tarball (default: ^this version)." },
    ml: { type: 'boolean', help: 'Also install the ML runtime app (manifold/ml) and its /api/ml routes.' },
  },
  epilog: 'Example: npx manifold startproject my-blog --title "My Notes"',
  async run({ dir, title, manifold, ml }, ctx) {
    const result = await startProject(dir, { title, manifold, ml });
    for (const f of result.files) ctx.out(`  created   ${f}`);
    ctx.out(`Site "${result.name}" created in ${result.dir} (${result.files.length} files; \`npm install\` adds its first migration).`);
    ctx.out('Next:');
    ctx.out(`  cd ${path.relative(process.cwd(), result.dir) || '.'}`);
    ctx.out('  npm install && npm start');
  },
});
