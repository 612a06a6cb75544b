// The registry generator: what it reads from site.config.ts, what it writes for a project with and without the ml
// app, the mistakes it refuses, and that a second sync writes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInstalledApps, readRegistryModel, renderRegistry, staleRegistryFiles, syncRegistry } from '../generate';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
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

  it('refuses what is not a list of labels, with one line saying what to write', () => {
    config('export const installedApps = [blog];\n');
    expect(() => readInstalledApps(root)).toThrow("site.config.ts: installedApps lists blog; write each app as its label in quotes, e.g. 'blog'");
    config("export const installedApps = ['Blog'];\n");
    expect(() => readInstalledApps(root)).toThrow('"Blog" is not an app label');
    config("export const installedApps = ['blog', 'blog'];\n");
    expect(() => readInstalledApps(root)).toThrow('the app "blog" is installed twice');
    config('export const apps = [];\n');
    expect(() => readInstalledApps(root)).toThrow('cannot find `export const installedApps');
  });
});

describe('the registry of this project', () => {
  it('with ml installed: its embeds, its Node hooks, its Next options and its build inputs', async () => {
    const files = renderRegistry(await readRegistryModel(repoRoot, ['accounts', 'blog', 'ml']));
    expect(files['registry.client.ts']).toContain("import app_ml from '../apps/ml/app';");
    expect(files['registry.client.ts']).toContain('export const apps: readonly AppManifest[] = [app_accounts, app_blog, app_ml];');
    for (const name of ML_EMBEDS) expect(files['registry.client.ts']).toContain(`"${name}": "ml"`);
    expect(files['registry.client.ts']).toContain('export const uninstalledEmbeds: Readonly<Record<string, string>> = {};');
    expect(files['registry.server.ts']).toContain("import server_ml from '../apps/ml/server';");
    expect(files['registry.server.ts']).toContain("import server_blog from '../apps/blog/server';");
    expect(files['registry.node.mjs']).toContain('{ label: "ml", load: () => import("../apps/ml/node.mjs") },');
    expect(files['registry.node.mjs']).toMatch(/serverExternalPackages = \[\s*"@tensorflow\/tfjs",\s*"@tensorflow\/tfjs-backend-wasm",\s*"piscina"\s*\]/);
    expect(files['registry.node.mjs']).toContain('"/api/ml/**"');
    expect(files['islands-entry.ts']).toContain("import '../apps/ml/embeds.css';");
    expect(JSON.parse(files['registry.json'])).toEqual({ installedApps: ['accounts', 'blog', 'ml'], uninstalledApps: [], buildInputs: ['content/models'] });
  });

  it('without ml: nothing of it is imported, and its embeds are known by name only, as the ml app\'s', async () => {
    const files = renderRegistry(await readRegistryModel(repoRoot, ['accounts', 'blog']));
    const all = Object.values(files).join('\n');
    expect(all).not.toMatch(/apps\/ml\//);
    expect(all).not.toContain('tensorflow');
    expect(all).not.toContain('piscina');
    expect(files['registry.client.ts']).toContain('export const embedApps: Readonly<Record<string, string>> = {};');
    for (const name of ML_EMBEDS) expect(files['registry.client.ts']).toContain(`"${name}": "ml"`);
    expect(files['registry.node.mjs']).toContain('export const nodeHooks = [];');
    expect(files['registry.node.mjs']).toContain('export const serverExternalPackages = [];');
    expect(files['registry.node.mjs']).toContain('export const outputFileTracingIncludes = {};');
    expect(JSON.parse(files['registry.json'])).toEqual({ installedApps: ['accounts', 'blog'], uninstalledApps: ['ml'], buildInputs: [] });
  });
});

describe('syncRegistry in a small project', () => {
  let root: string;
  // Manifests as plain objects (no lib/ to import here): the generator reads only what they export.
  const app = (label: string, body = '') => {
    fs.mkdirSync(path.join(root, 'apps', label), { recursive: true });
    fs.writeFileSync(path.join(root, 'apps', label, 'app.ts'), `export default { label: '${label}', verboseName: '${label}'${body} };\n`);
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
    expect(await staleRegistryFiles(root)).toEqual(['registry.client.ts', 'registry.server.ts', 'registry.node.mjs', 'islands-entry.ts', 'registry.json']);
    const first = await syncRegistry(root);
    expect(first.written).toHaveLength(5);
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
    expect(await staleRegistryFiles(root)).toEqual(['registry.client.ts', 'registry.node.mjs', 'registry.json']);
    const { model } = await syncRegistry(root);
    expect(model.uninstalled).toEqual([{ label: 'maps', embeds: ['Map', 'Route'] }]);
    const client = fs.readFileSync(path.join(root, '.manifold', 'registry.client.ts'), 'utf8');
    expect(client).toContain('"Map": "maps"');
    expect(client).not.toContain('apps/maps');
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
});
