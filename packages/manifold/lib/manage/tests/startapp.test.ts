// startapp refuses labels that would take over a URL the site serves, and writes nothing when it refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelProblem, startApp } from '../commands/startapp';
import { listTree, repoRoot } from './support';

describe('startapp reserved labels', () => {
  let root: string;

  // A project with just its site.config.ts: startapp reads nothing else before it decides, and a label it
  // wrongly accepts would write apps/<label>/ and app/<label>/ here, which the tree comparison shows.
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-startapp-'));
    fs.copyFileSync(path.join(repoRoot, 'site.config.ts'), path.join(root, 'site.config.ts'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // /read/<lang>/<slug> is the Pages Router route behind every post page, and server is server.mjs's name.
  it.each(['read', 'server'])('refuses "%s" with the reason, and leaves the project as it was', (label) => {
    const config = fs.readFileSync(path.join(root, 'site.config.ts'), 'utf8');
    const reason = `"${label}" is reserved (it would clash with a project folder, a site URL or a JavaScript name); choose another label.`;
    expect(labelProblem(label, root)).toBe(reason);
    expect(() => startApp(label, root)).toThrow(reason);
    expect(listTree(root)).toEqual(['site.config.ts']);
    expect(fs.readFileSync(path.join(root, 'site.config.ts'), 'utf8')).toBe(config);
  });

  it('accepts an ordinary label in the same project, so the refusals above are about the names', () => {
    expect(labelProblem('reader_notes', root)).toBeNull();
    const result = startApp('reader_notes', root);
    expect(result.created).toContain('app/reader_notes/page.tsx');
    expect(fs.readFileSync(path.join(root, 'site.config.ts'), 'utf8')).toMatch(/installedApps = \[[^\]]*'reader_notes'\] as const/);
  });
});
