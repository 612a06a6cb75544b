// `npm create manifold@latest <dir>` runs the create-manifold package's bin (packages/create-manifold, linked into the
// workspace's node_modules): it must make the same site `manifold startproject` makes, and pass its errors on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const workspace = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const bin = path.join(workspace, 'node_modules', '.bin', 'create-manifold');
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'create-manifold-'));
const env = { ...process.env, CI: '1', MANIFOLD_ROOT: '' };

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('create-manifold', () => {
  it('creates a site with the framework startproject, options passed on', () => {
    const r = spawnSync(process.execPath, [bin, 'blog', '--title', 'Notes', '--ml'], { cwd: base, encoding: 'utf8', env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Site "blog" created in .*blog \(\d+ files; `npm install` adds its first migration\)\./);
    expect(fs.readFileSync(path.join(base, 'blog', 'site.config.ts'), 'utf8')).toContain("installedApps = ['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', 'manifold/ml']");
    expect(JSON.parse(fs.readFileSync(path.join(base, 'blog', 'package.json'), 'utf8')).dependencies.manifold).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it('says how to use it without a folder, and passes startproject errors on with its exit code', () => {
    const usage = spawnSync(process.execPath, [bin], { cwd: base, encoding: 'utf8', env });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('Usage: npm create manifold@latest <dir>');
    fs.mkdirSync(path.join(base, 'taken'));
    fs.writeFileSync(path.join(base, 'taken', 'notes.txt'), 'mine');
    const taken = spawnSync(process.execPath, [bin, 'taken'], { cwd: base, encoding: 'utf8', env });
    expect(taken.status).toBe(1);
    expect(taken.stderr.trim()).toBe(`Error: ${path.join(base, 'taken')} already exists and is not empty.`);
    expect(fs.readdirSync(path.join(base, 'taken'))).toEqual(['notes.txt']);
  });
});
