// The app registry generator (`manage sync`): the one reader of site.config.ts's installedApps. It writes static,
// typed registries into .manifold/ that import each installed app's parts with static imports and import()s, so
// Next, esbuild and Node see every module an app contributes, and nothing else reads the list of apps:
//   registry.client.ts  the browser-safe manifests (embeds, admin), for pages, islands and the MDX compiler
//   registry.server.ts  those plus each app's server manifest (commands, shell, hooks), for manage and route code
//   registry.node.mjs   plain JavaScript for server.mjs, next.config.mjs and scripts: Node hooks, Next options, build inputs
//   islands-entry.ts    the islands bundle's entry (scripts/build-islands.ts)
//   registry.json       the labels, for synchronous readers (the Prisma schema assembly, vitest.config.ts)
// The files are generated, not committed: postinstall, startapp, makemigrations, the build and `npm start` run the
// generator, and the manage runner regenerates them whenever they no longer match site.config.ts and apps/.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppManifest, ServerAppManifest } from '../app';

export const REGISTRY_DIR = '.manifold';

export class RegistryError extends Error {}

const LABEL = /^[a-z][a-z0-9_]*$/;

/**
 * The labels in `export const installedApps = ['accounts', 'blog'] as const`. Parsed rather than imported: the list is
 * plain data, parsing never runs project code, and the answer is fresh after startapp edits the file in this process
 * (an import would come from the module cache).
 */
export function readInstalledApps(root: string): string[] {
  const file = path.join(root, 'site.config.ts');
  if (!fs.existsSync(file)) throw new RegistryError(`${file} does not exist`);
  const text = fs.readFileSync(file, 'utf8');
  const list = /export\s+const\s+installedApps\s*=\s*\[([^\]]*)\]/.exec(text);
  if (!list) throw new RegistryError("site.config.ts: cannot find `export const installedApps = ['…', …]`");
  const body = list[1].replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const labels = body
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const m = /^(['"])([^'"]*)\1$/.exec(item);
      if (!m) throw new RegistryError(`site.config.ts: installedApps lists ${item}; write each app as its label in quotes, e.g. 'blog'`);
      if (!LABEL.test(m[2])) throw new RegistryError(`site.config.ts: "${m[2]}" is not an app label (a lowercase identifier such as "blog")`);
      return m[2];
    });
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice) throw new RegistryError(`site.config.ts: the app "${twice}" is installed twice`);
  return labels;
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

async function loadManifest(root: string, label: string): Promise<AppManifest> {
  const file = path.join(root, 'apps', label, 'app.ts');
  if (!fs.existsSync(file)) throw new RegistryError(`The app "${label}" is installed but apps/${label}/app.ts does not exist (create it with \`manage startapp\` or remove it from site.config.ts)`);
  let manifest: AppManifest | undefined;
  try {
    manifest = (await importModule<{ default?: AppManifest }>(file)).default;
  } catch (err) {
    throw new RegistryError(`apps/${label}/app.ts does not import: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!manifest || typeof manifest !== 'object' || typeof manifest.label !== 'string') {
    throw new RegistryError(`apps/${label}/app.ts must export default defineApp({ label: '${label}', … })`);
  }
  if (manifest.label !== label) throw new RegistryError(`apps/${label}/app.ts says label "${manifest.label}"; a manifest's label must be its folder name`);
  return manifest;
}

async function embedNamesOf(label: string, manifest: AppManifest): Promise<string[]> {
  if (!manifest.embedProps) return [];
  try {
    return Object.keys((await manifest.embedProps()).default ?? {}).sort();
  } catch (err) {
    throw new RegistryError(`apps/${label}: its embedProps module does not import: ${(err as Error).message.split('\n')[0]}`);
  }
}

export interface AppEntry {
  label: string;
  manifest: AppManifest;
  embeds: string[];
  hasServer: boolean;
  server?: ServerAppManifest;
  /** The embeds' stylesheet, relative to apps/<label>/. */
  styles?: string;
}

export interface RegistryModel {
  installed: AppEntry[];
  /** Apps under apps/ that site.config.ts does not install, with the embeds their posts may still use. */
  uninstalled: { label: string; embeds: string[] }[];
}

/** Imports each app's manifests (the browser-safe one, its embed schemas, the server one) and checks they fit together. */
export async function readRegistryModel(root: string, installed = readInstalledApps(root)): Promise<RegistryModel> {
  const owners = new Map<string, string>();
  const entries: AppEntry[] = [];
  for (const label of installed) {
    const manifest = await loadManifest(root, label);
    const embeds = await embedNamesOf(label, manifest);
    if (embeds.length && !manifest.embeds) throw new RegistryError(`apps/${label}/app.ts declares embedProps but no embeds; give both, or neither`);
    if (manifest.embeds && !manifest.embedProps) throw new RegistryError(`apps/${label}/app.ts declares embeds but no embedProps (the zod schemas posts are checked against)`);
    for (const name of embeds) {
      const other = owners.get(name);
      if (other) throw new RegistryError(`Embed <${name} /> is registered by both ${other} and ${label}; rename one of them`);
      owners.set(name, label);
    }
    if (manifest.embedStyles && !fs.existsSync(path.join(root, 'apps', label, manifest.embedStyles))) {
      throw new RegistryError(`apps/${label}/app.ts: embedStyles names ${manifest.embedStyles}, which does not exist in apps/${label}/`);
    }
    const serverFile = path.join(root, 'apps', label, 'server.ts');
    let server: ServerAppManifest | undefined;
    if (fs.existsSync(serverFile)) {
      try {
        server = (await importModule<{ default?: ServerAppManifest }>(serverFile)).default;
      } catch (err) {
        throw new RegistryError(`apps/${label}/server.ts does not import: ${(err as Error).message.split('\n')[0]}`);
      }
      if (!server || typeof server !== 'object') throw new RegistryError(`apps/${label}/server.ts must export default defineServerApp({ … })`);
      if (server.node && !fs.existsSync(path.join(root, 'apps', label, server.node))) {
        throw new RegistryError(`apps/${label}/server.ts: node names ${server.node}, which does not exist in apps/${label}/`);
      }
    }
    entries.push({ label, manifest, embeds, hasServer: Boolean(server), server, styles: manifest.embedStyles });
  }
  const uninstalled: RegistryModel['uninstalled'] = [];
  for (const label of presentApps(root).filter((l) => !installed.includes(l))) {
    // An uninstalled app's manifest is read only for its embed names; one that no longer loads names none.
    try {
      const embeds = (await embedNamesOf(label, await loadManifest(root, label))).filter((name) => !owners.has(name));
      uninstalled.push({ label, embeds });
    } catch {
      uninstalled.push({ label, embeds: [] });
    }
  }
  return { installed: entries, uninstalled };
}

const HEADER = '// Generated by `npm run manage -- sync` from site.config.ts (installedApps) and apps/*/{app,server}.ts. Do not edit.\n';
const ident = (prefix: string, label: string) => `${prefix}_${label}`;
const json = (v: unknown) => JSON.stringify(v, null, 2);

function sortedRecord(pairs: [string, string][]): Record<string, string> {
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}

/** The registry files' text, by file name under .manifold/. Pure given the model, so tests compare it directly. */
export function renderRegistry(model: RegistryModel): Record<string, string> {
  const labels = model.installed.map((a) => a.label);
  const withServer = model.installed.filter((a) => a.hasServer);
  const embedApps = sortedRecord(model.installed.flatMap((a) => a.embeds.map((n): [string, string] => [n, a.label])));
  const uninstalledEmbeds = sortedRecord(model.uninstalled.flatMap((a) => a.embeds.map((n): [string, string] => [n, a.label])));

  const client = `${HEADER}// The browser-safe manifests of the installed apps. Safe in any bundle: app.ts files load their parts lazily.
import type { AppManifest } from '../lib/app';
${labels.map((l) => `import ${ident('app', l)} from '../apps/${l}/app';`).join('\n')}

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
import type { AppManifest, ServerAppManifest } from '../lib/app';
import { apps } from './registry.client';
${withServer.map((a) => `import ${ident('server', a.label)} from '../apps/${a.label}/server';`).join('\n')}

export { apps, embedApps, installedApps, isInstalled, uninstalledEmbeds } from './registry.client';

export interface InstalledServerApp {
  label: string;
  app: AppManifest;
  server: ServerAppManifest;
}

const servers: Record<string, ServerAppManifest> = { ${withServer.map((a) => `${a.label}: ${ident('server', a.label)}`).join(', ')} };

export const serverApps: readonly InstalledServerApp[] = apps.map((app) => ({ label: app.label, app, server: servers[app.label] ?? {} }));
`;

  const nodeApps = model.installed.filter((a) => a.server?.node);
  const externals = [...new Set(model.installed.flatMap((a) => a.server?.next?.serverExternalPackages ?? []))];
  const tracing: Record<string, string[]> = {};
  for (const a of model.installed) {
    for (const [route, globs] of Object.entries(a.server?.next?.outputFileTracingIncludes ?? {})) tracing[route] = [...new Set([...(tracing[route] ?? []), ...globs])];
  }
  const buildInputs = [...new Set(model.installed.flatMap((a) => a.server?.buildInputs ?? []))];
  const node = `${HEADER}// What plain-JavaScript code (server.mjs, next.config.mjs, scripts/) needs from the installed apps.

/** @type {readonly string[]} */
export const installedApps = ${json(labels)};

/**
 * Each installed app's Node hooks module (ready(), fastPath()), imported by server.mjs before Next starts.
 * @type {readonly { label: string, load: () => Promise<import('../lib/app').NodeHooks> }[]}
 */
export const nodeHooks = [${nodeApps.map((a) => `\n  { label: ${JSON.stringify(a.label)}, load: () => import(${JSON.stringify(`../apps/${a.label}/${a.server!.node!.replace(/^\.\//, '')}`)}) },`).join('')}${nodeApps.length ? '\n' : ''}];

/** Packages the apps' server code needs Node to load from node_modules (native, wasm, worker threads). @type {string[]} */
export const serverExternalPackages = ${json(externals)};

/** Files the apps load by path at run time, which Next's file tracing cannot see. @type {Record<string, string[]>} */
export const outputFileTracingIncludes = ${json(tracing)};

/** Project-relative paths besides the sources whose change means the site must be rebuilt. @type {string[]} */
export const buildInputs = ${json(buildInputs)};
`;

  const styles = model.installed.filter((a) => a.styles).map((a) => `import '../apps/${a.label}/${a.styles!.replace(/^\.\//, '')}';\n`);
  const islands = `${HEADER}// The islands bundle (scripts/build-islands.ts): each installed app's embed styles, and its embeds as lazy chunks.
${styles.join('')}import { startIslands } from '../lib/islands/client';
import { apps } from './registry.client';

startIslands(apps.flatMap((app) => (app.embeds ? [app.embeds] : [])));
`;

  const data = `${json({ installedApps: labels, uninstalledApps: model.uninstalled.map((a) => a.label), buildInputs })}\n`;
  return { 'registry.client.ts': client, 'registry.server.ts': server, 'registry.node.mjs': node, 'islands-entry.ts': islands, 'registry.json': data };
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
    fs.writeFileSync(file, text);
    written.push(name);
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
