// The app registry generator (`manage sync`): the one reader of site.config.ts's installedApps. It writes static,
// typed registries into .manifold/ that import each installed app's parts with static imports and import()s, so
// Next, esbuild and Node see every module an app contributes, and nothing else reads the list of apps:
//   registry.client.ts  the browser-safe manifests (embeds, admin), for pages, islands and the MDX compiler
//   registry.server.ts  those plus each app's server manifest (commands, shell, hooks), for manage and route code
//   registry.hooks.ts   each app's admin hooks module alone, for the admin's server code (no commands in its bundle)
//   registry.embed-data.ts each app's embed data resolvers (server-only), for the post page and the editor's preview
//   registry.admin.ts   the apps' labels, names and admin.ts modules alone, for the admin (no embeds in its bundles)
//   registry.compile.ts the apps' embed props schemas alone, for the MDX compiler (no React components)
//   registry.node.mjs   plain JavaScript for server.mjs, next.config.mjs and scripts: Node hooks, Next options, build inputs
//   islands-entry.ts    the islands bundle's entry (scripts/build-islands.ts)
//   registry.json       the labels, for synchronous readers (the Prisma schema assembly, vitest.config.ts)
// The files are generated, not committed: postinstall, startapp, makemigrations, the build and `npm start` run the
// generator, and the manage runner regenerates them whenever they no longer match site.config.ts and apps/.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppManifest, ServerAppManifest } from '../app';
import { ISLAND_ASSETS_MODULE, islandAssetsModule } from '../islands/paths';

export const REGISTRY_DIR = '.manifold';

export class RegistryError extends Error {}

const LABEL = /^[a-z][a-z0-9_]*$/;
const PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

/**
 * One entry of installedApps: `'demos'` is the site's own app in apps/demos/; `'manifold/blog'` is the app "blog" that
 * the package "manifold" ships (Django's 'django.contrib.auth'), found through that package's package.json
 * `"manifold": { "apps": { "blog": "./contrib/blog" } }`. The label (the last part) is the app's name everywhere else.
 */
export interface AppRef {
  label: string;
  /** The package that ships the app; absent for an app of the site. */
  pkg?: string;
}

/** How messages name an app's folder: apps/demos, or manifold/blog for a package's app. */
export const appName = (ref: AppRef) => (ref.pkg ? `${ref.pkg}/${ref.label}` : `apps/${ref.label}`);

/**
 * The entries of `export const installedApps = ['manifold/blog', 'demos'] as const`. Parsed rather than imported: the
 * list is plain data, parsing never runs project code, and the answer is fresh after startapp edits the file in this
 * process (an import would come from the module cache).
 */
export function readInstalledAppRefs(root: string): AppRef[] {
  const file = path.join(root, 'site.config.ts');
  if (!fs.existsSync(file)) throw new RegistryError(`${file} does not exist`);
  const text = fs.readFileSync(file, 'utf8');
  const list = /export\s+const\s+installedApps\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!list) throw new RegistryError("site.config.ts: cannot find `export const installedApps = ['…', …]`");
  const body = list[1].replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const refs = body
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item): AppRef => {
      const m = /^(['"])([^'"]*)\1$/.exec(item);
      if (!m) throw new RegistryError(`site.config.ts: installedApps lists ${item}; write each app in quotes, e.g. 'manifold/blog' or 'demos'`);
      const cut = m[2].lastIndexOf('/');
      const label = m[2].slice(cut + 1);
      const pkg = cut < 0 ? undefined : m[2].slice(0, cut);
      if (!LABEL.test(label) || (pkg !== undefined && !PACKAGE.test(pkg))) {
        throw new RegistryError(`site.config.ts: "${m[2]}" is not an app (a label such as "demos", or a package's app such as "manifold/blog")`);
      }
      return { label, pkg };
    });
  const labels = refs.map((r) => r.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice) throw new RegistryError(`site.config.ts: the app label "${twice}" is installed twice`);
  return refs;
}

/** The installed apps' labels, in installedApps order. */
export function readInstalledApps(root: string): string[] {
  return readInstalledAppRefs(root).map((r) => r.label);
}

/** The folder of a package's app: its package.json's `manifold.apps[label]`, wherever npm installed the package. */
export function appDir(root: string, ref: AppRef): string {
  if (!ref.pkg) return path.join(root, 'apps', ref.label);
  let pkgJson: string;
  try {
    pkgJson = createRequire(path.join(root, 'package.json')).resolve(`${ref.pkg}/package.json`);
  } catch {
    throw new RegistryError(`site.config.ts installs "${appName(ref)}", but the package "${ref.pkg}" is not installed (npm install ${ref.pkg})`);
  }
  const meta = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { manifold?: { apps?: Record<string, string> } };
  const rel = meta.manifold?.apps?.[ref.label];
  if (!rel) {
    const has = Object.keys(meta.manifold?.apps ?? {});
    throw new RegistryError(`The package "${ref.pkg}" has no app "${ref.label}"${has.length ? ` (it has ${has.join(', ')})` : ''}`);
  }
  return fs.realpathSync(path.join(path.dirname(pkgJson), rel));
}

/** The labels of the apps a package ships (its package.json's `manifold.apps`). */
function packageAppLabels(root: string, pkg: string): string[] {
  try {
    const file = createRequire(path.join(root, 'package.json')).resolve(`${pkg}/package.json`);
    return Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { manifold?: { apps?: Record<string, string> } }).manifold?.apps ?? {});
  } catch {
    return [];
  }
}

/** The folders under apps/ that hold an app manifest, installed or not. */
export function presentApps(root: string): string[] {
  const dir = path.join(root, 'apps');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && LABEL.test(d.name) && fs.existsSync(path.join(dir, d.name, 'app.ts')))
    .map((d) => d.name)
    .sort();
}

/** Imports a manifest as it is on disk now: the query (its mtime) keeps a process that edited it from the module cache. */
async function importModule<T>(file: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${pathToFileURL(file).href}?v=${fs.statSync(file).mtimeMs}`)) as T;
}

async function loadManifest(root: string, ref: AppRef, dir = appDir(root, ref)): Promise<AppManifest> {
  const { label } = ref;
  const name = appName(ref);
  const file = path.join(dir, 'app.ts');
  if (!fs.existsSync(file)) {
    throw new RegistryError(`The app "${label}" is installed but ${name}/app.ts does not exist (${ref.pkg ? 'reinstall the package' : 'create it with `manage startapp`'} or remove it from site.config.ts)`);
  }
  let manifest: AppManifest | undefined;
  try {
    manifest = (await importModule<{ default?: AppManifest }>(file)).default;
  } catch (err) {
    throw new RegistryError(`${name}/app.ts does not import: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!manifest || typeof manifest !== 'object' || typeof manifest.label !== 'string') {
    throw new RegistryError(`${name}/app.ts must export default defineApp({ label: '${label}', … })`);
  }
  if (manifest.label !== label) throw new RegistryError(`${name}/app.ts says label "${manifest.label}"; a manifest's label must be its folder name`);
  return manifest;
}

async function embedNamesOf(ref: AppRef, manifest: AppManifest): Promise<string[]> {
  if (!manifest.embedProps) return [];
  try {
    return Object.keys((await manifest.embedProps()).default ?? {}).sort();
  } catch (err) {
    throw new RegistryError(`${appName(ref)}: its embedProps module does not import: ${(err as Error).message.split('\n')[0]}`);
  }
}

export interface AppEntry {
  label: string;
  /** The package that ships it (absent: the site's own app). */
  pkg?: string;
  /** Its folder on disk (real path). */
  dir: string;
  manifest: AppManifest;
  embeds: string[];
  hasServer: boolean;
  server?: ServerAppManifest;
  /** The embeds' stylesheet, relative to the app's folder. */
  styles?: string;
}

export interface RegistryModel {
  /** The project folder the registry is written into. */
  root: string;
  /**
   * The extension points to write (.manifold/provides/<key>.mjs): those the installed apps collect, and those of the
   * apps the same packages ship but the site does not install, as empty lists, so the package's code that imports
   * them (a route file of an uninstalled contrib app, which answers 404) still builds.
   */
  collectedKeys: string[];
  installed: AppEntry[];
  /** Apps under apps/ that site.config.ts does not install, with the embeds their posts may still use. */
  uninstalled: { label: string; embeds: string[] }[];
}

/** Imports each app's manifests (the browser-safe one, its embed schemas, the server one) and checks they fit together. */
export async function readRegistryModel(root: string, installedRefs = readInstalledAppRefs(root)): Promise<RegistryModel> {
  const owners = new Map<string, string>();
  const entries: AppEntry[] = [];
  for (const ref of installedRefs) {
    const { label } = ref;
    const name = appName(ref);
    const dir = appDir(root, ref);
    const manifest = await loadManifest(root, ref, dir);
    const embeds = await embedNamesOf(ref, manifest);
    if (embeds.length && !manifest.embeds) throw new RegistryError(`${name}/app.ts declares embedProps but no embeds; give both, or neither`);
    if (manifest.embeds && !manifest.embedProps) throw new RegistryError(`${name}/app.ts declares embeds but no embedProps (the zod schemas posts are checked against)`);
    // The props schemas live in embed-props.ts by convention: registry.compile.ts imports that module alone, so the
    // compiler (run by the admin's saves too) never reaches the embeds' React components.
    if (manifest.embedProps && !['embed-props.ts', 'embed-props.mjs'].some((f) => fs.existsSync(path.join(dir, f)))) {
      throw new RegistryError(`${name}/app.ts declares embedProps, but ${name}/embed-props.ts does not exist (the embeds' props schemas live there)`);
    }
    for (const embed of embeds) {
      const other = owners.get(embed);
      if (other) throw new RegistryError(`Embed <${embed} /> is registered by both ${other} and ${label}; rename one of them`);
      owners.set(embed, label);
    }
    // The admin registrations live in admin.ts by convention (Django's admin.py): registry.admin.ts imports that module
    // alone, so the admin's bundles never reach an app's embeds through its manifest.
    if (manifest.admin && !['admin.ts', 'admin.tsx', 'admin.mjs'].some((f) => fs.existsSync(path.join(dir, f)))) {
      throw new RegistryError(`${name}/app.ts declares admin, but ${name}/admin.ts does not exist (the ModelAdmin entries live there)`);
    }
    if (manifest.embedData && !fs.existsSync(path.join(dir, manifest.embedData))) {
      throw new RegistryError(`${name}/app.ts: embedData names ${manifest.embedData}, which does not exist in ${name}/`);
    }
    if (manifest.embedData && !manifest.embeds) throw new RegistryError(`${name}/app.ts declares embedData but no embeds`);
    if (manifest.embedStyles && !fs.existsSync(path.join(dir, manifest.embedStyles))) {
      throw new RegistryError(`${name}/app.ts: embedStyles names ${manifest.embedStyles}, which does not exist in ${name}/`);
    }
    const serverFile = path.join(dir, 'server.ts');
    let server: ServerAppManifest | undefined;
    if (fs.existsSync(serverFile)) {
      try {
        server = (await importModule<{ default?: ServerAppManifest }>(serverFile)).default;
      } catch (err) {
        throw new RegistryError(`${name}/server.ts does not import: ${(err as Error).message.split('\n')[0]}`);
      }
      if (!server || typeof server !== 'object') throw new RegistryError(`${name}/server.ts must export default defineServerApp({ … })`);
      for (const file of [server.node, server.adminHooks, ...Object.values(server.provides ?? {})]) {
        if (file && !fs.existsSync(path.join(dir, file))) throw new RegistryError(`${name}/server.ts names ${file}, which does not exist in ${name}/`);
      }
    }
    entries.push({ label, pkg: ref.pkg, dir, manifest, embeds, hasServer: Boolean(server), server, styles: manifest.embedStyles });
  }
  const collected = new Set(entries.flatMap((a) => a.server?.collects ?? []));
  for (const a of entries) {
    for (const key of Object.keys(a.server?.provides ?? {})) {
      // An optional contribution (the blog's answer to the media library's "where used") is dropped without its collector.
      if (!collected.has(key) && !a.server?.optionalProvides?.includes(key)) {
        const owner = key.split('.')[0];
        throw new RegistryError(`${appName(a)} provides "${key}", which no installed app collects; install the app "${owner}" (e.g. 'manifold/${owner}') before ${a.label} in site.config.ts`);
      }
    }
  }
  const dormant = new Set<string>();
  for (const pkg of new Set(installedRefs.flatMap((r) => (r.pkg ? [r.pkg] : [])))) {
    for (const label of packageAppLabels(root, pkg)) {
      if (installedRefs.some((r) => r.label === label)) continue;
      const serverFile = path.join(appDir(root, { label, pkg }), 'server.ts');
      if (!fs.existsSync(serverFile)) continue;
      try {
        for (const key of (await importModule<{ default?: ServerAppManifest }>(serverFile)).default?.collects ?? []) dormant.add(key);
      } catch {
        // an app that is not installed and does not load collects nothing
      }
    }
  }
  const collectedKeys = [...new Set([...collected, ...dormant])].sort();
  const installedLabels = installedRefs.map((r) => r.label);
  const uninstalled: RegistryModel['uninstalled'] = [];
  for (const label of presentApps(root).filter((l) => !installedLabels.includes(l))) {
    // An uninstalled app's manifest is read only for its embed names; one that no longer loads names none.
    try {
      const embeds = (await embedNamesOf({ label }, await loadManifest(root, { label }))).filter((e) => !owners.has(e));
      uninstalled.push({ label, embeds });
    } catch {
      uninstalled.push({ label, embeds: [] });
    }
  }
  return { root, collectedKeys, installed: entries, uninstalled };
}

const HEADER = '// Generated by `manifold sync` from site.config.ts (installedApps) and each app\'s {app,server}.ts. Do not edit.\n';
const ident = (prefix: string, label: string) => `${prefix}_${label}`;
const json = (v: unknown) => JSON.stringify(v, null, 2);

/** The framework package's own folder (real path): generated files import its modules by a path relative to them. */
export const FRAMEWORK_DIR = fs.realpathSync(fileURLToPath(new URL('../..', import.meta.url)));

function sortedRecord(pairs: [string, string][]): Record<string, string> {
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}

/** An import specifier from a file in `fromDir` to `target` (a path, without extension where the importer adds none). */
function specifier(fromDir: string, target: string): string {
  const rel = path.relative(fromDir, target).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The registry files' text, by file name under .manifold/. Pure given the model, so tests compare it directly. */
export function renderRegistry(model: RegistryModel): Record<string, string> {
  const dir = registryDir(model.root);
  const at = (from: string, a: AppEntry, file: string) => specifier(from, path.join(a.dir, file.replace(/^\.\//, '')));
  const lib = (from: string, file: string) => specifier(from, path.join(FRAMEWORK_DIR, 'lib', file));
  const labels = model.installed.map((a) => a.label);
  const withServer = model.installed.filter((a) => a.hasServer);
  const embedApps = sortedRecord(model.installed.flatMap((a) => a.embeds.map((n): [string, string] => [n, a.label])));
  const uninstalledEmbeds = sortedRecord(model.uninstalled.flatMap((a) => a.embeds.map((n): [string, string] => [n, a.label])));

  const client = `${HEADER}// The browser-safe manifests of the installed apps. Safe in any bundle: app.ts files load their parts lazily.
import type { AppManifest } from '${lib(dir, 'app')}';
${model.installed.map((a) => `import ${ident('app', a.label)} from '${at(dir, a, 'app')}';`).join('\n')}

export const installedApps = ${json(labels)} as const;
export type InstalledApp = (typeof installedApps)[number];

export const apps: readonly AppManifest[] = [${labels.map((l) => ident('app', l)).join(', ')}];

/** Each installed embed's app, by embed name. */
export const embedApps: Readonly<Record<string, string>> = ${json(embedApps)};

/**
 * Embeds of apps that are under apps/ but not installed, by name: a post using one still compiles and renders a
 * placeholder naming the app, and installing the app again brings the demo back.
 */
export const uninstalledEmbeds: Readonly<Record<string, string>> = ${json(uninstalledEmbeds)};

export function isInstalled(label: string): boolean {
  return (installedApps as readonly string[]).includes(label);
}
`;

  const server = `${HEADER}// The installed apps with their server manifests: for manage, check and server-side code, never a page bundle.
import type { AppManifest, ServerAppManifest } from '${lib(dir, 'app')}';
import { apps } from './registry.client';
${withServer.map((a) => `import ${ident('server', a.label)} from '${at(dir, a, 'server')}';`).join('\n')}

export { apps, embedApps, installedApps, isInstalled, uninstalledEmbeds } from './registry.client';

export interface InstalledServerApp {
  label: string;
  app: AppManifest;
  server: ServerAppManifest;
}

const servers: Record<string, ServerAppManifest> = { ${withServer.map((a) => `${a.label}: ${ident('server', a.label)}`).join(', ')} };

export const serverApps: readonly InstalledServerApp[] = apps.map((app) => ({ label: app.label, app, server: servers[app.label] ?? {} }));
`;

  const propsApps = model.installed.filter((a) => a.manifest.embedProps);
  const compile = `${HEADER}// What the MDX compiler needs of the installed apps: each one's embed props schemas (embed-props.ts, imported alone,
// no React) and which app each embed belongs to. Code that compiles posts imports this, never registry.client.ts.
import type { EmbedSchemas } from '${lib(dir, 'app')}';

/** Each installed embed's app, by embed name. */
export const embedApps: Readonly<Record<string, string>> = ${json(embedApps)};

/** Embeds of apps under apps/ that are not installed, by name: posts using them compile to a placeholder naming the app. */
export const uninstalledEmbeds: Readonly<Record<string, string>> = ${json(uninstalledEmbeds)};

export const embedProps: readonly { label: string; load: () => Promise<{ default: EmbedSchemas }> }[] = [${propsApps
    .map((a) => `\n  { label: ${JSON.stringify(a.label)}, load: () => import('${at(dir, a, 'embed-props')}') },`)
    .join('')}${propsApps.length ? '\n' : ''}];
`;
  const adminApps = model.installed.filter((a) => a.manifest.admin);
  const admin = `${HEADER}// What the admin needs of the installed apps: their labels and names and each one's ModelAdmin module (admin.ts),
// imported alone. The admin's code imports this file, never registry.client.ts, whose manifests lead to the embeds.
import type { ModelAdmin } from '${lib(dir, 'app')}';

export const installedApps = ${json(labels)} as const;

export function isInstalled(label: string): boolean {
  return (installedApps as readonly string[]).includes(label);
}

export interface AdminApp {
  label: string;
  verboseName: string;
  admin?: () => Promise<{ default: ModelAdmin[] }>;
}

/** Every installed app in installedApps order; \`admin\` where the app registers models. */
export const adminApps: readonly AdminApp[] = [${model.installed
    .map((a) => `\n  { label: ${JSON.stringify(a.label)}, verboseName: ${JSON.stringify(a.manifest.verboseName)}${adminApps.includes(a) ? `, admin: () => import('${at(dir, a, 'admin')}')` : ''} },`)
    .join('')}${model.installed.length ? '\n' : ''}];
`;
  const hookApps = model.installed.filter((a) => a.server?.adminHooks);
  const hooks = `${HEADER}// The installed apps' admin hooks (ServerAppManifest.adminHooks), each imported alone: the admin's server code
// imports this file instead of registry.server.ts, so its bundle holds the hooks and none of the apps' commands.
import type { AdminModelHooks } from '${lib(dir, 'app')}';
import type { Endpoint } from '${lib(dir, 'endpoint.mjs')}';

export const adminHooks: Readonly<Record<string, () => Promise<{ default: Partial<Record<string, AdminModelHooks>>; endpoints?: readonly Endpoint[] }>>> = {${hookApps
    .map((a) => `\n  ${a.label}: () => import('${at(dir, a, a.server!.adminHooks!).replace(/\.ts$/, '')}'),`)
    .join('')}${hookApps.length ? '\n' : ''}};
`;

  // The embeds' render-time data resolvers (AppManifest.embedData), server-only: the post page's data loader and the
  // editor's preview import this file; no page bundle does.
  const dataApps = model.installed.filter((a) => a.manifest.embedData);
  const embedData = `${HEADER}// The installed apps' embed data resolvers (AppManifest.embedData), each loaded on first use. Server-only: the post
// page's data loader and the editor's preview read it (lib/embed-data.ts); no page bundle imports this file.
import type { EmbedDataResolvers } from '${lib(dir, 'app')}';

export const embedDataResolvers: readonly { label: string; load: () => Promise<{ default: EmbedDataResolvers }> }[] = [${dataApps
    .map((a) => `\n  { label: ${JSON.stringify(a.label)}, load: () => import('${at(dir, a, a.manifest.embedData!).replace(/\.tsx?$/, '')}') },`)
    .join('')}${dataApps.length ? '\n' : ''}];
`;

  const nodeApps = model.installed.filter((a) => a.server?.node);
  const externals = [...new Set(model.installed.flatMap((a) => a.server?.next?.serverExternalPackages ?? []))];
  const tracing: Record<string, string[]> = {};
  for (const a of model.installed) {
    const appGlob = (glob: string) => (glob.startsWith('<app>/') ? `./${path.relative(model.root, a.dir).split(path.sep).join('/')}/${glob.slice('<app>/'.length)}` : glob);
    for (const [route, globs] of Object.entries(a.server?.next?.outputFileTracingIncludes ?? {})) tracing[route] = [...new Set([...(tracing[route] ?? []), ...globs.map(appGlob)])];
  }
  const buildInputs = [...new Set(model.installed.flatMap((a) => a.server?.buildInputs ?? []))];
  const node = `${HEADER}// What plain-JavaScript code (the production server, withManifold(), the scripts) needs from the installed apps.

/** @type {readonly string[]} */
export const installedApps = ${json(labels)};

/**
 * Each installed app's Node hooks module (ready(), fastPath()), imported by the production server before Next starts.
 * @type {readonly { label: string, load: () => Promise<import('${lib(dir, 'app')}').NodeHooks> }[]}
 */
export const nodeHooks = [${nodeApps.map((a) => `\n  { label: ${JSON.stringify(a.label)}, load: () => import(${JSON.stringify(at(dir, a, a.server!.node!))}) },`).join('')}${nodeApps.length ? '\n' : ''}];

/** Packages the apps' server code needs Node to load from node_modules (native, wasm, worker threads). @type {string[]} */
export const serverExternalPackages = ${json(externals)};

/** Files the apps load by path at run time, which Next's file tracing cannot see. @type {Record<string, string[]>} */
export const outputFileTracingIncludes = ${json(tracing)};

/** Project-relative paths besides the sources whose change means the site must be rebuilt. @type {string[]} */
export const buildInputs = ${json(buildInputs)};
`;

  const styles = model.installed.filter((a) => a.styles).map((a) => `import '${at(dir, a, a.styles!)}';\n`);
  const islands = `${HEADER}// The islands bundle (manifold build): each installed app's embed styles, and its embeds as lazy chunks.
${styles.join('')}import { startIslands } from '${lib(dir, 'islands/client')}';
import { apps, embedApps } from './registry.client';

// Each app's embeds module by label: an embed on the page loads its own app's chunks, none of the others'.
startIslands(Object.fromEntries(apps.flatMap((app) => (app.embeds ? [[app.label, app.embeds] as const] : []))), embedApps);
`;

  // The extension points (ServerAppManifest.collects): one module per key, listing what the installed apps provide.
  const provides: Record<string, string> = {};
  const keys = model.collectedKeys;
  const providesDir = path.join(dir, 'provides');
  for (const key of keys) {
    const providers = model.installed.filter((a) => a.server?.provides?.[key]);
    provides[`provides/${key}.mjs`] = `${HEADER}// What the installed apps provide to the extension point "${key}", in installedApps order.
${providers.map((a, i) => `import p${i} from '${at(providesDir, a, a.server!.provides![key])}';\n`).join('')}
/** @type {unknown[]} */
export default [${providers.map((_, i) => `p${i}`).join(', ')}];
`;
  }

  const sources = sortedRecord(model.installed.map((a): [string, string] => [a.label, a.pkg ? `${a.pkg}/${a.label}` : `apps/${a.label}`]));
  // The same contributions as project-relative files, for code that loads them by path outside any bundler (the ml
  // app's inference worker: a bundler following these imports would pull tfjs into the browser bundle).
  const providedFiles = Object.fromEntries(
    keys.map((key) => [key, model.installed.flatMap((a) => (a.server?.provides?.[key] ? [path.relative(model.root, path.join(a.dir, a.server.provides[key])).split(path.sep).join('/')] : []))]),
  );
  const data = `${json({ installedApps: labels, sources, provides: providedFiles, uninstalledApps: model.uninstalled.map((a) => a.label), buildInputs, appDirs: Object.fromEntries(model.installed.map((a) => [a.label, path.relative(model.root, a.dir).split(path.sep).join('/')])) })}\n`;
  return { 'registry.client.ts': client, 'registry.server.ts': server, 'registry.hooks.ts': hooks, 'registry.embed-data.ts': embedData, 'registry.admin.ts': admin, 'registry.compile.ts': compile, 'registry.node.mjs': node, 'islands-entry.ts': islands, 'registry.json': data, ...provides };
}

function registryDir(root: string) {
  return path.join(root, REGISTRY_DIR);
}

/** The registry files that are missing or differ from what site.config.ts and apps/ say now (empty: up to date). */
export async function staleRegistryFiles(root: string): Promise<string[]> {
  const files = renderRegistry(await readRegistryModel(root));
  return Object.entries(files)
    .filter(([name, text]) => {
      const file = path.join(registryDir(root), name);
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
    })
    .map(([name]) => name);
}

/** Writes the registry; files whose text is unchanged are left alone (their mtime too), so a second run writes nothing. */
export async function syncRegistry(root: string): Promise<{ written: string[]; model: RegistryModel }> {
  const model = await readRegistryModel(root);
  const files = renderRegistry(model);
  const dir = registryDir(root);
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(name);
  }
  // The islands build's module (lib/islands/assets.ts): the build writes it; until then it names the forwarders.
  const assets = path.join(dir, ISLAND_ASSETS_MODULE);
  if (!fs.existsSync(assets)) {
    fs.writeFileSync(assets, islandAssetsModule());
    written.push(ISLAND_ASSETS_MODULE);
  }
  // The extension points no installed app collects any more (its app was uninstalled) go with it.
  const providesDir = path.join(dir, 'provides');
  if (fs.existsSync(providesDir)) {
    for (const f of fs.readdirSync(providesDir)) if (!(`provides/${f}` in files)) fs.rmSync(path.join(providesDir, f));
    if (!fs.readdirSync(providesDir).length) fs.rmdirSync(providesDir);
  }
  return { written, model };
}

/** The installed labels as the last sync wrote them (for synchronous readers); null when the registry was never generated. */
export function syncedInstalledApps(root: string): string[] | null {
  const file = path.join(registryDir(root), 'registry.json');
  if (!fs.existsSync(file)) return null;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { installedApps: string[] }).installedApps;
}

// `tsx lib/registry/generate.ts [root]`: what postinstall and the build run, before the manage runner can.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(process.argv[2] ?? process.cwd());
  syncRegistry(root).then(
    ({ written, model }) => console.log(`App registry: ${model.installed.map((a) => a.label).join(', ') || 'no apps'}${written.length ? ` (wrote ${written.join(', ')})` : ' (up to date)'}.`),
    (err: Error) => {
      console.error(`Error: ${err.message}`);
      process.exit(1);
    },
  );
}

/** Where each installed app lives (label, folder, how messages name it), in installedApps order; synchronous and cheap. */
export function installedAppFolders(root: string): { label: string; dir: string; name: string }[] {
  return readInstalledAppRefs(root).map((ref) => ({ label: ref.label, dir: appDir(root, ref), name: appName(ref) }));
}
