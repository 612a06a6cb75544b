// `manifold version` run as people run it (a child process of bin/manifold.mjs, cwd = a project), and the release
// bookkeeping: the package version has a CHANGELOG entry and the README's public API table matches package.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manage } from '../testing/manage';

const packageDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const repoRoot = path.resolve(packageDir, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string; exports: Record<string, string> };

/** `node packages/manifold/bin/manifold.mjs <args>` in `cwd`, without the caller's MANIFOLD_ROOT or DATABASE_URL. */
const manifold = (args: string[], cwd: string) => manage(args, { cwd, timeout: 60_000 });

/** The `key  value` rows of `version --verbose`. */
function rows(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trim().split('\n').map((line) => {
    const m = /^(\S+(?: root)?)\s{2,}(.*)$/.exec(line);
    if (!m) throw new Error(`not a "key  value" row: ${line}`);
    return [m[1], m[2]];
  }));
}

const installed = (name: string) => (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

describe('manifold version', () => {
  it('prints the version of packages/manifold/package.json and nothing else', async () => {
    const run = await manifold(['version'], repoRoot);
    expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('--verbose: the site, Node, and Next, React, Prisma and tfjs as installed in the project', async () => {
    const run = await manifold(['version', '--verbose'], repoRoot);
    expect(run.code, run.stderr).toBe(0);
    const site = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(rows(run.stdout)).toEqual({
      manifold: `${pkg.version} (${packageDir})`,
      site: `${site.name} ${site.version}`,
      'project root': repoRoot,
      node: process.versions.node,
      next: installed('next'),
      react: installed('react'),
      'react-dom': installed('react-dom'),
      prisma: installed('prisma'),
      '@prisma/client': installed('@prisma/client'),
      '@tensorflow/tfjs': installed('@tensorflow/tfjs'),
      '@tensorflow/tfjs-backend-wasm': installed('@tensorflow/tfjs-backend-wasm'),
    });
    expect((await manifold(['version', '-v'], repoRoot)).stdout).toBe(run.stdout);
  });

  it('is listed by help, and refuses an unknown option in one line (exit 2)', async () => {
    expect((await manifold(['help'], repoRoot)).stdout).toMatch(/^ {2}version {2,}Print the Manifold version/m);
    const run = await manifold(['version', '--json'], repoRoot);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--json/);
  });

  describe('in another project', () => {
    let dir: string;
    // Each test gets a project of its own: one test breaks its package.json, and no other test may see that.
    beforeEach(() => {
      // A project whose own files claim other versions: the framework's comes from the running package, the rest from
      // the project's node_modules. It has no site.config.ts, which must not matter to `version`.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-version-'));
      const write = (file: string, data: unknown) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), typeof data === 'string' ? data : JSON.stringify(data));
      };
      write('package.json', { name: 'other-site', version: '3.1.4' });
      write('node_modules/manifold/package.json', { name: 'manifold', version: '9.9.9' });
      write('node_modules/next/package.json', { name: 'next', version: '99.1.2', exports: { '.': './index.js' } });
      write('node_modules/react/package.json', { name: 'react' });
      write('node_modules/@tensorflow/tfjs/package.json', '{ not json');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports the running framework, not the manifold the cwd holds, even without site.config.ts', async () => {
      expect(await manifold(['version'], dir)).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    });

    it('--verbose reads the project: its name, what is installed (exports or not), and says what is missing or unreadable', async () => {
      const run = await manifold(['version', '--verbose'], dir);
      expect(run.code, run.stderr).toBe(0);
      const r = rows(run.stdout);
      expect(r.site).toBe('other-site 3.1.4');
      expect(r['project root']).toBe(fs.realpathSync(dir));
      expect(r.next).toBe('99.1.2');
      expect(r.react).toBe('not installed');
      expect(r['@tensorflow/tfjs']).toBe('not installed');
      expect(r.prisma).toBe('not installed');
    });

    it('--verbose survives a package.json that does not parse', async () => {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name": ');
      const run = await manifold(['version', '--verbose'], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(rows(run.stdout).site).toMatch(/^\(package\.json does not parse: .+\)$/);
    });
  });
});

describe('the release bookkeeping', () => {
  const read = (file: string) => fs.readFileSync(path.join(packageDir, file), 'utf8');

  it('CHANGELOG.md has an Unreleased section, then an entry for the package version with a date', () => {
    const headings = [...read('CHANGELOG.md').matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => ({ version: m[1], rest: m[2] }));
    expect(headings[0]?.version, 'the first section is [Unreleased]').toBe('Unreleased');
    const entry = headings.find((h) => h.version === pkg.version);
    expect(entry, `CHANGELOG.md has no "## [${pkg.version}]" entry`).toBeDefined();
    expect(entry!.rest).toMatch(/^ - \d{4}-\d{2}-\d{2}$/);
  });

  it('CHANGELOG.md lists released versions newest first, each once', () => {
    const versions = [...read('CHANGELOG.md').matchAll(/^## \[(\d+)\.(\d+)\.(\d+)\]/gm)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
    const sorted = [...versions].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
    expect(versions).toEqual(sorted);
    expect(new Set(versions.map((v) => v.join('.'))).size).toBe(versions.length);
  });

  it("README.md's public API table has one row per export of package.json, and no other", () => {
    const table = [...read('README.md').matchAll(/^\| `(manifold(?:\/[^`]*)?)` \|/gm)].map((m) => m[1]);
    const exported = Object.keys(pkg.exports).map((key) => `manifold${key.slice(1)}`);
    expect(table.sort()).toEqual(exported.sort());
  });
});
