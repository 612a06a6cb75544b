// The registry generator: what it reads from site.config.ts, what it writes for a project with and without the ml
// app, the mistakes it refuses, and that a second sync writes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInstalledAppRefs, readInstalledApps, readRegistryModel, renderRegistry, staleRegistryFiles, syncRegistry } from '../generate';

// The project these tests read: the workspace's site (the framework's reference site, as for all its tests).
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..', '..');
const refs = (...entries: string[]) => entries.map((e) => (e.includes('/') ? { pkg: e.slice(0, e.lastIndexOf('/')), label: e.slice(e.lastIndexOf('/') + 1) } : { label: e }));
const ML_EMBEDS = ['Attention', 'Autoencoder', 'Convolution', 'DaRnn', 'Dcgan', 'GradientDescent', 'LossCompare', 'Timestamp'];

describe('readInstalledApps', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-registry-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const config = (text: string) => fs.writeFileSync(path.join(root, 'site.config.ts'), text);

  it('reads the quoted labels in order, comments and layout aside', () => {
    config("export const installedApps = [\n  'accounts', // users\n  \"blog\",\n  /* demos */ 'ml',\n] as const;\n");
    expect(readInstalledApps(root)).toEqual(['accounts', 'blog', 'ml']);
    config('export const installedApps = [] as const;\n');
    expect(readInstalledApps(root)).toEqual([]);
  });

  it("tells a package's app ('manifold/blog', '@acme/kit/maps') from the site's own ('demos')", () => {
    config("export const installedApps = ['manifold/blog', '@acme/kit/maps', 'demos'] as const;\n");
    expect(readInstalledAppRefs(root)).toEqual([{ label: 'blog', pkg: 'manifold' }, { label: 'maps', pkg: '@acme/kit' }, { label: 'demos', pkg: undefined }]);
    expect(readInstalledApps(root)).toEqual(['blog', 'maps', 'demos']);
  });

  it('refuses what is not a list of labels, with one line saying what to write', () => {
    config('export const installedApps = [blog];\n');
    expect(() => readInstalledApps(root)).toThrow("site.config.ts: installedApps lists blog; write each app in quotes, e.g. 'manifold/blog' or 'demos'");
    config("export const installedApps = ['Blog'];\n");
    expect(() => readInstalledApps(root)).toThrow('"Blog" is not an app');
    config("export const installedApps = ['manifold/'];\n");
    expect(() => readInstalledApps(root)).toThrow('"manifold/" is not an app');
    config("export const installedApps = ['blog', 'manifold/blog'];\n");
    expect(() => readInstalledApps(root)).toThrow('the app label "blog" is installed twice');
    config('export const apps = [];\n');
    expect(() => readInstalledApps(root)).toThrow('cannot find `export const installedApps');
  });
});

describe('the registry of this project', () => {
  it("with the demos: the framework's contrib apps by path, the demos' embeds, the ml runtime's Node hooks, and the demos provided to it", async () => {
    const files = renderRegistry(await readRegistryModel(repoRoot, refs('manifold/accounts', 'manifold/blog', 'manifold/ml', 'demos')));
    expect(files['registry.client.ts']).toContain("import app_blog from '../packages/manifold/contrib/blog/app';");
    expect(files['registry.client.ts']).toContain("import app_demos from '../apps/demos/app';");
    expect(files['registry.client.ts']).toContain('export const apps: readonly AppManifest[] = [app_accounts, app_blog, app_ml, app_demos];');
    for (const name of ML_EMBEDS) expect(files['registry.client.ts']).toContain(`"${name}": "demos"`);
    expect(files['registry.client.ts']).toContain('export const uninstalledEmbeds: Readonly<Record<string, string>> = {};');
    expect(files['registry.server.ts']).toContain("import server_ml from '../packages/manifold/contrib/ml/server';");
    expect(files['registry.server.ts']).toContain("import server_demos from '../apps/demos/server';");
    expect(files['registry.node.mjs']).toContain('{ label: "ml", load: () => import("../packages/manifold/contrib/ml/node.mjs") },');
    expect(files['registry.node.mjs']).toMatch(/serverExternalPackages = \[\s*"@tensorflow\/tfjs",\s*"@tensorflow\/tfjs-backend-wasm",\s*"piscina"\s*\]/);
    // "<app>/" globs become the app's folder, wherever its package is.
    expect(files['registry.node.mjs']).toContain('"./packages/manifold/contrib/ml/**/*.mjs"');
    expect(files['registry.node.mjs']).toContain('"./apps/demos/**/*.mjs"');
    expect(files['islands-entry.ts']).toContain("import '../apps/demos/embeds.css';");
    expect(files['islands-entry.ts']).toContain("import { startIslands } from '../packages/manifold/lib/islands/client';");
    // Each app's embeds load on their own (a post with only <ModelDemo /> fetches none of the demos' chunks).
    expect(files['islands-entry.ts']).toContain("import { apps, embedApps } from './registry.client';");
    expect(files['islands-entry.ts']).toContain('startIslands(Object.fromEntries(apps.flatMap((app) => (app.embeds ? [[app.label, app.embeds] as const] : []))), embedApps);');
    expect(files['provides/ml.demos.mjs']).toContain("import p0 from '../../apps/demos/demos/index.mjs';");
    expect(files['provides/ml.demos.mjs']).toContain('export default [p0];');
    const data = JSON.parse(files['registry.json']);
    expect(data.installedApps).toEqual(['accounts', 'blog', 'ml', 'demos']);
    expect(data.sources).toEqual({ accounts: 'manifold/accounts', blog: 'manifold/blog', demos: 'apps/demos', ml: 'manifold/ml' });
    // The blog offers the media app a usage finder (an optional contribution: it stays when media is not installed).
    // The blog's own extension points (what goes after a post, comment counts on lists) are empty without the comments app.
    expect(data.provides).toEqual({ 'blog.comment-counts': [], 'blog.import-comments': [], 'blog.post-end': [], 'media.usage': ['packages/manifold/contrib/blog/media-usage.mjs'], 'ml.demos': ['apps/demos/demos/index.mjs'], 'ml.models': ['apps/demos/demos/models.mjs'] });
    expect(data.appDirs.ml).toBe('packages/manifold/contrib/ml');
    expect(data.buildInputs).toEqual(['content/models']);
  });

  it("without the demos: nothing of them is imported, the ml runtime's extension point is empty, and their embeds are known by name only", async () => {
    const files = renderRegistry(await readRegistryModel(repoRoot, refs('manifold/accounts', 'manifold/blog', 'manifold/ml')));
    const all = Object.values(files).join('\n');
    expect(all).not.toMatch(/apps\/demos\//);
    // The ml app's own embed (<ModelDemo />, the model library) is the only installed one.
    expect(files['registry.client.ts']).toContain('export const embedApps: Readonly<Record<string, string>> = {\n  "ModelDemo": "ml"\n};');
    for (const name of ML_EMBEDS) expect(files['registry.client.ts']).toContain(`"${name}": "demos"`);
    expect(files['provides/ml.demos.mjs']).toContain('export default [];');
    expect(JSON.parse(files['registry.json']).uninstalledApps).toEqual(['demos']);
  });

  it('without the ml runtime: nothing of tfjs, and the demos alone are refused with the app to install', async () => {
    const files = renderRegistry(await readRegistryModel(repoRoot, refs('manifold/accounts', 'manifold/blog')));
    const all = Object.values(files).join('\n');
    expect(all).not.toContain('tensorflow');
    expect(all).not.toContain('piscina');
    // The blog's own Node hook (scheduled publishing) stays; the ml runtime's goes.
    expect(files['registry.node.mjs']).toMatch(/export const nodeHooks = \[\s*\{ label: "blog", load: \(\) => import\("\.\.\/packages\/manifold\/contrib\/blog\/node\.mjs"\) \},\s*\];/);
    // Of the files read by path, only the blog's (the OG cards' font) stay: none of the ml runtime's.
    expect(files['registry.node.mjs']).toMatch(/export const outputFileTracingIncludes = \{\s*"\/og\/\*\*": \[\s*"\.\/packages\/manifold\/contrib\/blog\/fonts\/\*\.otf"\s*\],?\s*\};/);
    // The runtime's extension points stay, empty: its route files in the site still build, and answer 404.
    expect(Object.keys(files).filter((f) => f.startsWith('provides/'))).toEqual(['provides/blog.comment-counts.mjs', 'provides/blog.import-comments.mjs', 'provides/blog.post-end.mjs', 'provides/media.usage.mjs', 'provides/ml.demos.mjs', 'provides/ml.models.mjs']);
    expect(files['provides/blog.post-end.mjs']).toContain('export default [];');
    expect(files['provides/ml.demos.mjs']).toContain('export default [];');
    await expect(readRegistryModel(repoRoot, refs('manifold/accounts', 'manifold/blog', 'demos'))).rejects.toThrow(
      `apps/demos provides "ml.demos", which no installed app collects; install the app "ml" (e.g. 'manifold/ml') before demos in site.config.ts`,
    );
  });

  it('names a package that is not installed, and an app a package does not have', async () => {
    await expect(readRegistryModel(repoRoot, refs('manifold-extras/maps'))).rejects.toThrow('the package "manifold-extras" is not installed (npm install manifold-extras)');
    await expect(readRegistryModel(repoRoot, refs('manifold/gallery'))).rejects.toThrow('The package "manifold" has no app "gallery" (it has accounts, admin, blog, comments, media, ml)');
  });
});

describe('syncRegistry in a small project', () => {
  let root: string;
  // Manifests as plain objects (no lib/ to import here): the generator reads only what they export.
  const app = (label: string, body = '') => {
    fs.mkdirSync(path.join(root, 'apps', label), { recursive: true });
    fs.writeFileSync(path.join(root, 'apps', label, 'app.ts'), `export default { label: '${label}', verboseName: '${label}'${body} };\n`);
    // The props schemas also live in embed-props.ts, the module registry.compile.ts imports alone.
    const props = /embedProps: async \(\) => \(\{ default: (\{.*?\}) \}\)/.exec(body);
    if (props) fs.writeFileSync(path.join(root, 'apps', label, 'embed-props.ts'), `export default ${props[1]};\n`);
  };
  const embeds = (...names: string[]) =>
    `, embeds: async () => ({ default: {} }), embedProps: async () => ({ default: { ${names.map((n) => `${n}: {}`).join(', ')} } })`;
  const install = (...labels: string[]) =>
    fs.writeFileSync(path.join(root, 'site.config.ts'), `export const installedApps = [${labels.map((l) => `'${l}'`).join(', ')}] as const;\n`);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-registry-'));
    app('notes');
    app('maps', embeds('Map', 'Route'));
    install('notes', 'maps');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes every file once; a second sync writes nothing and leaves the files untouched', async () => {
    expect(await staleRegistryFiles(root)).toEqual(['registry.client.ts', 'registry.server.ts', 'registry.hooks.ts', 'registry.embed-data.ts', 'registry.admin.ts', 'registry.compile.ts', 'registry.node.mjs', 'islands-entry.ts', 'registry.json']);
    const first = await syncRegistry(root);
    // The nine, and the islands build's asset names, written once as the unbuilt default when missing.
    expect(first.written).toHaveLength(10);
    expect(first.written.filter((f) => f.includes('islands-assets'))).toHaveLength(1);
    const dir = path.join(root, '.manifold');
    const before = fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs, fs.readFileSync(path.join(dir, f), 'utf8')]);
    const second = await syncRegistry(root);
    expect(second.written).toEqual([]);
    expect(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs, fs.readFileSync(path.join(dir, f), 'utf8')])).toEqual(before);
    expect(await staleRegistryFiles(root)).toEqual([]);
  });

  it('goes stale when site.config.ts changes, and the uninstalled app\'s embeds stay known by name', async () => {
    await syncRegistry(root);
    install('notes');
    expect(await staleRegistryFiles(root)).toEqual(['registry.client.ts', 'registry.admin.ts', 'registry.compile.ts', 'registry.node.mjs', 'registry.json']);
    const { model } = await syncRegistry(root);
    expect(model.uninstalled).toEqual([{ label: 'maps', embeds: ['Map', 'Route'] }]);
    const client = fs.readFileSync(path.join(root, '.manifold', 'registry.client.ts'), 'utf8');
    expect(client).toContain('"Map": "maps"');
    expect(client).not.toContain('apps/maps');
  });

  it("imports an app's embed data resolvers (AppManifest.embedData) only in registry.embed-data.ts, and refuses a missing module", async () => {
    app('maps', `${embeds('Map', 'Route')}, embedData: 'map-data.ts'`);
    await expect(syncRegistry(root)).rejects.toThrow('apps/maps/app.ts: embedData names map-data.ts, which does not exist in apps/maps/');
    fs.writeFileSync(path.join(root, 'apps', 'maps', 'map-data.ts'), 'export default { Map: async () => ({ tiles: 1 }) };\n');
    await syncRegistry(root);
    const files = Object.fromEntries(fs.readdirSync(path.join(root, '.manifold')).map((f) => [f, fs.readFileSync(path.join(root, '.manifold', f), 'utf8')]));
    expect(files['registry.embed-data.ts']).toContain(`{ label: "maps", load: () => import('../apps/maps/map-data') },`);
    for (const [name, text] of Object.entries(files)) if (name !== 'registry.embed-data.ts') expect(text, name).not.toContain('map-data');
  });

  it('refuses an embed name two apps register, a manifest in the wrong folder, and a missing app, naming them', async () => {
    app('atlas', embeds('Route'));
    install('notes', 'maps', 'atlas');
    await expect(syncRegistry(root)).rejects.toThrow('Embed <Route /> is registered by both maps and atlas; rename one of them');
    fs.writeFileSync(path.join(root, 'apps', 'atlas', 'app.ts'), "export default { label: 'maps2', verboseName: 'x' };\n");
    await expect(syncRegistry(root)).rejects.toThrow('apps/atlas/app.ts says label "maps2"; a manifest\'s label must be its folder name');
    install('notes', 'gallery');
    await expect(syncRegistry(root)).rejects.toThrow('The app "gallery" is installed but apps/gallery/app.ts does not exist');
    expect(fs.existsSync(path.join(root, '.manifold'))).toBe(false);
  });

  it("finds a package's apps through its package.json, wherever npm installed it, and imports them by path", async () => {
    const pkg = path.join(root, 'node_modules', '@acme', 'kit');
    fs.mkdirSync(path.join(pkg, 'apps', 'atlas'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@acme/kit', version: '1.0.0', manifold: { apps: { atlas: './apps/atlas' } } }));
    fs.writeFileSync(path.join(pkg, 'apps', 'atlas', 'app.ts'), "export default { label: 'atlas', verboseName: 'Atlas' };\n");
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"site","private":true}');
    install('notes', '@acme/kit/atlas');
    const { model } = await syncRegistry(root);
    expect(model.installed.map((a) => [a.label, a.pkg])).toEqual([['notes', undefined], ['atlas', '@acme/kit']]);
    expect(fs.readFileSync(path.join(root, '.manifold', 'registry.client.ts'), 'utf8')).toContain("import app_atlas from '../node_modules/@acme/kit/apps/atlas/app';");
    expect(JSON.parse(fs.readFileSync(path.join(root, '.manifold', 'registry.json'), 'utf8')).sources).toEqual({ atlas: '@acme/kit/atlas', notes: 'apps/notes' });
  });
});
