// `manage startapp <label>`: a new app folder from lib/manage/templates/app, a sample route, the app's label
// added to installedApps in site.config.ts, and the registry regenerated. Everything is checked before the first
// file is written; a failure midway removes what was written and restores site.config.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError, defineCommand } from '../../app';
import { projectRoot } from '../../schema';
import { readInstalledApps, RegistryError, syncRegistry } from '../../registry/generate';

const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');

/**
 * Labels that would collide with a project folder, a URL the site already serves (the language prefixes, the
 * reader pages, the admin, Next's own files) or a JavaScript keyword (the label becomes an import name).
 */
export const RESERVED_LABELS = new Set([
  // project folders and tools
  'admin', 'api', 'app', 'apps', 'lib', 'components', 'content', 'prisma', 'tests', 'public', 'static', 'media',
  'node_modules', 'site', 'manage', 'scripts', 'data', 'docs', 'pages', 'styles', 'reference', 'coverage',
  // URLs the site serves
  'en', 'ko', 'posts', 'post', 'category', 'categories', 'tag', 'tags', 'search', 'page', 'p', 'feed', 'rss',
  'sitemap', 'robots', 'manifest', 'favicon', 'icon', 'health', 'login', 'logout', 'auth', 'account', 'next', 'read', 'server',
  // JavaScript and TypeScript words that cannot (or should not) name an import
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'implements', 'interface', 'package', 'private', 'protected', 'await', 'async', 'type', 'as', 'from',
  'of', 'arguments', 'eval', 'undefined', 'nan', 'infinity',
  // names site.config.ts and the runner use
  'installedapps', 'siteconfig', 'help', 'sync',
]);

export const LABEL_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Why a label cannot be used, or null. */
export function labelProblem(label: string, root = projectRoot): string | null {
  if (!LABEL_PATTERN.test(label)) {
    return `"${label}" is not a valid app label: use a lowercase identifier (a letter, then letters, digits or _), e.g. "gallery" or "photo_log".`;
  }
  if (label.length > 40) return `"${label}" is too long for an app label (40 characters at most).`;
  if (RESERVED_LABELS.has(label)) return `"${label}" is reserved (it would clash with a project folder, a site URL or a JavaScript name); choose another label.`;
  let installed: string[] = [];
  try {
    // startapp writes site.config.ts's list, so it reads the list itself rather than the (possibly stale) registry.
    installed = readInstalledApps(root);
  } catch (err) {
    return `site.config.ts cannot be read: ${(err as Error).message}`;
  }
  if (installed.includes(label)) return `An app labelled "${label}" is already installed.`;
  if (fs.existsSync(path.join(root, 'apps', label))) return `apps/${label}/ already exists.`;
  if (fs.existsSync(path.join(root, 'app', label))) return `app/${label}/ already exists (a route with that name); choose another label.`;
  return null;
}

export function placeholders(label: string): Record<string, string> {
  const words = label.split('_').filter(Boolean);
  const pascal = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return {
    label,
    Label: pascal,
    labelCamel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    verboseName: words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
  };
}

function render(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(label|Label|labelCamel|verboseName)\}\}/g, (_, key: string) => values[key]);
}

function templateFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? templateFiles(full, base) : d.name.endsWith('.tmpl') ? [path.relative(base, full)] : [];
  });
}

/** site.config.ts with the label appended to `installedApps = [...]`, in the layout the list already has. */
export function installInSiteConfig(config: string, label: string): string {
  const list = config.match(/(installedApps\s*=\s*\[)([^\]]*)(\])/);
  if (!list) throw new CommandError("site.config.ts has no `installedApps = ['…']` list to add the app to.");
  const body = list[2];
  const quote = /"/.test(body) && !/'/.test(body) ? '"' : "'";
  const item = `${quote}${label}${quote}`;
  let newBody: string;
  if (body.includes('\n')) {
    // One app per line: keep the layout and the trailing-comma style.
    const entries = body.split('\n').filter((l) => l.trim());
    const indent = entries[0]?.match(/^\s*/)?.[0] ?? '  ';
    const trailing = /,\s*$/.test(body.trimEnd());
    const closing = body.match(/\n([ \t]*)$/)?.[1] ?? '';
    const trimmed = body.replace(/\s*$/, '');
    newBody = `${trimmed}${trailing ? '' : ','}\n${indent}${item}${trailing ? ',' : ''}\n${closing}`;
  } else {
    const items = body.split(',').map((s) => s.trim()).filter(Boolean);
    newBody = [...items, item].join(', ');
  }
  return config.replace(list[0], `${list[1]}${newBody}${list[3]}`);
}

export interface StartAppResult {
  created: string[];
  siteConfig: string;
}

export function startApp(label: string, root = projectRoot): StartAppResult {
  const problem = labelProblem(label, root);
  if (problem) throw new CommandError(problem);
  const values = placeholders(label);
  const appDir = path.join(root, 'apps', label);
  const routeDir = path.join(root, 'app', label);
  const configFile = path.join(root, 'site.config.ts');
  const originalConfig = fs.readFileSync(configFile, 'utf8');

  // Render everything in memory first: a template problem must not leave half an app behind.
  const files = templateFiles(path.join(TEMPLATES, 'app')).map((rel) => ({
    // app-tests/ becomes tests/ (npm leaves tests/ folders out of the framework package; templates/README.md).
    target: path.join(appDir, rel.replace(/\.tmpl$/, '').replace(/^app-tests(?=[/\\])/, 'tests')),
    text: render(fs.readFileSync(path.join(TEMPLATES, 'app', rel), 'utf8'), values),
  }));
  files.push({ target: path.join(routeDir, 'page.tsx'), text: render(fs.readFileSync(path.join(TEMPLATES, 'route', 'page.tsx.tmpl'), 'utf8'), values) });
  const newConfig = installInSiteConfig(originalConfig, label);

  try {
    for (const f of files) {
      fs.mkdirSync(path.dirname(f.target), { recursive: true });
      fs.writeFileSync(f.target, f.text, { flag: 'wx' });
    }
    fs.writeFileSync(configFile, newConfig);
    if (!readInstalledApps(root).includes(label)) throw new Error('site.config.ts did not take the new app (its installedApps list has an unusual shape); add it by hand');
  } catch (err) {
    fs.rmSync(appDir, { recursive: true, force: true });
    fs.rmSync(routeDir, { recursive: true, force: true });
    fs.writeFileSync(configFile, originalConfig);
    throw new CommandError(`startapp ${label} failed and was undone: ${(err as Error).message}`);
  }
  return { created: files.map((f) => path.relative(root, f.target)), siteConfig: 'site.config.ts' };
}

export const startAppCommand = defineCommand({
  description: 'Create apps/<label>/ from the app template, a sample route app/<label>/page.tsx, and install the app in site.config.ts.',
  arguments: [{ name: 'label', help: 'The app\'s label: a lowercase identifier, e.g. gallery or photo_log.' }],
  async run({ label }, ctx) {
    const result = startApp(label);
    for (const file of result.created) ctx.out(`  created   ${file}`);
    ctx.out(`  updated   site.config.ts ('${label}' added to installedApps)`);
    try {
      await syncRegistry(projectRoot);
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      throw new CommandError(`apps/${label}/ was created, but the app registry could not be regenerated: ${err.message}`);
    }
    ctx.out('  updated   .manifold/ (the app registry)');
    ctx.out(`App "${label}" created and installed. Declare its models in apps/${label}/models.prisma, then run \`npm run manage -- makemigrations\` and \`npm run manage -- migrate\`.`);
    ctx.out(`Its sample page is at /${label}.`);
  },
});
