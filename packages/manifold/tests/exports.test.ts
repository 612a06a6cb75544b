// The package's public API (package.json `exports`): every entry names a file that exists and is published, Node
// resolves each specifier to it, and each module loads: the plain .mjs ones in plain Node (as next.config, the
// production server and worker threads load them), the TypeScript ones through tsx, both with `--import manifold/register`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const repoRoot = path.resolve(packageDir, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string>; files: string[] };
const entries = Object.entries(pkg.exports);
const specifier = (key: string) => `${pkg.name}${key.slice(1)}`;

/** Exports whose import has effects beyond loading: the production server listens (it is started, not imported). */
const NOT_IMPORTED = new Set(['./server']);

interface Probe {
  specifier: string;
  resolved?: string;
  names?: string[];
  error?: string;
}

/**
 * Resolves (and with `load`, imports) each specifier in a child Node whose cwd is the site, as the site's own code
 * would: the answer is Node's reading of the exports map, not ours.
 */
function probe(specifiers: string[], opts: { load: boolean; tsx: boolean }): Promise<Probe[]> {
  const script = `
    const out = [];
    for (const specifier of ${JSON.stringify(specifiers)}) {
      const r = { specifier };
      try {
        r.resolved = import.meta.resolve(specifier);
        if (${opts.load}) {
          const mod = specifier.endsWith('.json') ? await import(specifier, { with: { type: 'json' } }) : await import(specifier);
          r.names = Object.keys(mod);
        }
      } catch (err) {
        r.error = String(err?.message ?? err).split('\\n')[0];
      }
      out.push(r);
    }
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
  `;
  const flags = [...(opts.tsx ? ['--import', 'tsx'] : []), '--import', `${pkg.name}/register`];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  delete env.MANIFOLD_ROOT;
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: repoRoot, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Probe[]);
    });
  });
}

describe('package.json exports', () => {
  it('is an explicit list of files inside the package (no patterns, no reaching out, no tests)', () => {
    expect(entries.length).toBeGreaterThan(20);
    for (const [key, target] of entries) {
      expect(key, 'a subpath').toMatch(/^\.(\/[a-z0-9][\w./-]*)?$/);
      expect(target, `${key}: a plain relative target`).toMatch(/^\.\/[\w./-]+\.(ts|tsx|mjs|css|json)$/);
      expect(target.split('/'), `${key}: stays in the package`).not.toContain('..');
      expect(target, `${key}: not a test file`).not.toMatch(/(^|\/)tests\//);
    }
  });

  it('names files that exist', () => {
    const missing = entries.filter(([, target]) => !fs.statSync(path.join(packageDir, target), { throwIfNoEntry: false })?.isFile());
    expect(missing.map(([key, target]) => `${key} → ${target}`)).toEqual([]);
  });

  it('names files that npm publishes, along with README.md and CHANGELOG.md', async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out))),
    );
    const published = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
    const unpublished = entries.map(([, target]) => target.slice(2)).filter((file) => !published.has(file));
    expect(unpublished, 'export targets left out of the package by "files"').toEqual([]);
    expect([...published].filter((f) => /(^|\/)tests\//.test(f)), 'tests are not published').toEqual([]);
    expect(published.has('README.md') && published.has('CHANGELOG.md'), 'README.md and CHANGELOG.md are published').toBe(true);
  }, 120_000);

  describe('in Node, from the site', () => {
    let plain: Probe[];
    let typescript: Probe[];
    beforeAll(async () => {
      const mjs = entries.filter(([key, target]) => /\.(mjs|json)$/.test(target) && !NOT_IMPORTED.has(key)).map(([key]) => specifier(key));
      const ts = entries.filter(([, target]) => /\.tsx?$/.test(target)).map(([key]) => specifier(key));
      [plain, typescript] = await Promise.all([probe(mjs, { load: true, tsx: false }), probe(ts, { load: true, tsx: true })]);
    }, 240_000);

    it('resolves every specifier to its target', async () => {
      // Plain Node without the register hooks, which would answer stylesheets themselves.
      const results = await new Promise<Probe[]>((resolve, reject) => {
        const script = `process.stdout.write(JSON.stringify(${JSON.stringify(entries.map(([key]) => specifier(key)))}.map((specifier) => { try { return { specifier, resolved: import.meta.resolve(specifier) }; } catch (err) { return { specifier, error: err.message }; } })));`;
        execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(JSON.parse(stdout))));
      });
      const wrong = results
        .map((r, i) => ({ ...r, expected: path.join(packageDir, entries[i][1]) }))
        .filter((r) => !r.resolved || fs.realpathSync(fileURLToPath(r.resolved)) !== fs.realpathSync(r.expected))
        .map((r) => `${r.specifier}: ${r.error ?? r.resolved} (expected ${r.expected})`);
      expect(wrong).toEqual([]);
    });

    it('refuses a subpath that is not exported', async () => {
      const [r] = await probe([`${pkg.name}/lib/db.ts`], { load: false, tsx: false });
      expect(r.error).toMatch(/not defined by "exports"|ERR_PACKAGE_PATH_NOT_EXPORTED/);
    });

    it('imports every plain .mjs export without a TypeScript loader', () => {
      expect(plain.length).toBeGreaterThan(10);
      const failed = plain.filter((r) => r.error).map((r) => `${r.specifier}: ${r.error}`);
      expect(failed).toEqual([]);
      // Every module but the hook registration has something to import.
      expect(plain.filter((r) => !r.names?.length).map((r) => r.specifier)).toEqual([`${pkg.name}/register`]);
    });

    it('imports every TypeScript export through tsx', () => {
      expect(typescript.length).toBeGreaterThan(10);
      const failed = typescript.filter((r) => r.error || !r.names?.length).map((r) => `${r.specifier}: ${r.error ?? 'exports nothing'}`);
      expect(failed).toEqual([]);
    });

    it('parses the production server (not imported: importing it starts it)', async () => {
      const target = path.join(packageDir, pkg.exports['./server']);
      await new Promise<void>((resolve, reject) => execFile(process.execPath, ['--check', target], (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve())));
    });
  });
});
