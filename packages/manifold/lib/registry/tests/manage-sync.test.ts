// `manage sync`, `manage check` and the runner on a registry that no longer matches site.config.ts, in a copy of
// the project: check reports it, sync fixes it once (a second sync writes nothing), an uninstalled app's commands
// and tests are gone, and a label with no folder stops every command with one line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, manage } from '../../manage/tests/support';

let project: ReturnType<typeof copyProject>;
let root: string;

function setInstalledApps(list: string) {
  const file = path.join(root, 'site.config.ts');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/export const installedApps = \[[^\]]*\] as const;/, `export const installedApps = [${list}] as const;`));
}

describe('the registry through manage', () => {
  beforeAll(async () => {
    project = copyProject({ framework: true });
    root = project.root;
    expect((await manage(['sync'], { cwd: root })).code).toBe(0);
  });
  afterAll(() => project?.remove());

  it('check reports a registry that does not match site.config.ts; sync fixes it, and a second sync writes nothing', async () => {
    setInstalledApps("'manifold/accounts', 'manifold/blog'");
    const stale = await manage(['check'], { cwd: root, env: { DATABASE_URL: 'file::memory:' } });
    expect(stale.stdout).toContain('.manifold: (apps.E009) The generated app registry does not match site.config.ts and apps/ (registry.client.ts, registry.server.ts, registry.hooks.ts, registry.embed-data.ts, registry.admin.ts, registry.compile.ts, registry.node.mjs, islands-entry.ts, registry.json, provides/blog.comment-counts.mjs, provides/blog.import-comments.mjs, provides/blog.post-end.mjs, provides/ml.demos.mjs, provides/ml.models.mjs).');
    expect(stale.code).toBe(1);

    const synced = await manage(['sync'], { cwd: root });
    expect(synced.stdout).toBe(
      'Wrote .manifold/registry.client.ts, .manifold/registry.server.ts, .manifold/registry.hooks.ts, .manifold/registry.embed-data.ts, .manifold/registry.admin.ts, .manifold/registry.compile.ts, .manifold/registry.node.mjs, .manifold/islands-entry.ts, .manifold/registry.json, .manifold/provides/blog.comment-counts.mjs, .manifold/provides/blog.import-comments.mjs, .manifold/provides/blog.post-end.mjs, .manifold/provides/ml.demos.mjs, .manifold/provides/ml.models.mjs.\n' +
        'Installed apps: accounts, blog.\nNot installed (under apps/ but not in installedApps): demos.\n',
    );
    // The uninstalled ml runtime's extension points are empty now: nothing of the demos is imported.
    expect(fs.readFileSync(path.join(root, '.manifold', 'provides', 'ml.demos.mjs'), 'utf8')).toContain('export default [];');
    const files = fs.readdirSync(path.join(root, '.manifold')).filter((f) => f !== 'provides').map((f) => [f, fs.readFileSync(path.join(root, '.manifold', f), 'utf8')]);
    const again = await manage(['sync'], { cwd: root });
    expect(again.stdout.split('\n')[0]).toBe('The app registry is up to date.');
    expect(fs.readdirSync(path.join(root, '.manifold')).filter((f) => f !== 'provides').map((f) => [f, fs.readFileSync(path.join(root, '.manifold', f), 'utf8')])).toEqual(files);

    const checked = await manage(['check'], { cwd: root, env: { DATABASE_URL: 'file::memory:' } });
    expect(checked.stdout).not.toContain('apps.E009');
    // Its tests are skipped: vitest.config.ts excludes the apps the registry lists as not installed.
    const listed = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['list', '--filesOnly', '--project', 'site', 'apps/demos', 'tests/integration/start.test.ts'], { cwd: root, encoding: 'utf8' });
    expect(listed.stdout).toContain('tests/integration/start.test.ts');
    expect(listed.stdout).not.toContain('apps/demos/');
    // The ml app's command went with it.
    const train = await manage(['ml', 'train'], { cwd: root });
    expect(train.stderr.trim()).toBe('Error: Unknown command "ml". Run `npm run manage -- help` for the list.');
    expect(train.code).toBe(2);
  });

  it('the runner regenerates a stale registry by itself, and stops on one it cannot generate', async () => {
    setInstalledApps("'manifold/accounts', 'manifold/blog', 'manifold/ml', 'demos'");
    const help = await manage(['help'], { cwd: root });
    expect(help.stdout).toMatch(/^ {2}ml train /m);
    expect(fs.readFileSync(path.join(root, '.manifold', 'registry.client.ts'), 'utf8')).toContain("import app_demos from '../apps/demos/app';");
    expect(fs.readFileSync(path.join(root, '.manifold', 'provides', 'ml.demos.mjs'), 'utf8')).toContain("import p0 from '../../apps/demos/demos/index.mjs';");

    setInstalledApps("'manifold/accounts', 'manifold/blog', 'photos'");
    const broken = await manage(['help'], { cwd: root });
    expect(broken.stderr.trim()).toBe(
      'Error: The app "photos" is installed but apps/photos/app.ts does not exist (create it with `manage startapp` or remove it from site.config.ts) (fix it, then run `npm run manage -- check`)',
    );
    expect(broken.code).toBe(1);
    const checked = await manage(['check'], { cwd: root, env: { DATABASE_URL: 'file::memory:' } });
    expect(checked.stdout).toContain('site.config.ts: (apps.E001) The app "photos" is installed but apps/photos/app.ts does not exist');
    expect(checked.code).toBe(1);
  });
});
