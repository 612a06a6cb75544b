// No set of files imports each other in a loop, anywhere in the source tree. A cycle makes load order decide what a
// module sees (a binding read before its module ran is undefined), ties together files that should split apart, and
// makes a bundler put both sides in one chunk (the ml demos' lazily loaded parts used to). dependency-cruiser finds
// them with the project's tsconfig (paths, .mjs/.tsx): static and dynamic import(), require(), and type-only imports
// too, since a type-only loop is the same tangle one edit away from a runtime one.
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Every place source code lives. */
const TREE = ['apps', 'lib', 'components', 'pages', 'app', 'scripts', 'server.mjs', 'manage.ts', 'site.config.ts', 'next.config.mjs'];

/** Code that must not import a particular app (DESIGN.md: "lib/ knows no app"); apps contribute through the registry. */
const APP_AGNOSTIC = '^(lib|components|scripts)/|^server\\.mjs$|^next\\.config\\.mjs$';

async function cruiseTree(): Promise<ICruiseResult> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { output } = await cruise(
      TREE,
      {
        validate: true,
        ruleSet: {
          forbidden: [
            { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
            // lib/ knows no app: the framework side reaches apps only through the generated registry (.manifold/).
            { name: 'lib-knows-no-app', severity: 'error', from: { path: APP_AGNOSTIC }, to: { path: '^apps/' } },
          ],
        },
        doNotFollow: { path: ['node_modules'] },
        exclude: { path: ['^node_modules/', '^\\.next/', '^public/', '^prisma/generated/'] },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'tsconfig.json' },
        moduleSystems: ['es6', 'cjs'],
      },
      { extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'] },
      { tsConfig: extractTSConfig(path.join(root, 'tsconfig.json')) },
    );
    return output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
}

describe('the import graph', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseTree();
  }, 300_000);

  it('has no cycles', () => {
    expect(result.modules.length, 'the cruise found the source tree').toBeGreaterThan(100);
    const cycles = result.summary.violations
      .filter((v) => v.rule.name === 'no-circular')
      .map((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name)].join('\n    → '));
    expect(cycles, `import cycles (each from a file back to itself):\n  ${cycles.join('\n  ')}`).toEqual([]);
  });

  it('keeps lib/, components/, scripts/, server.mjs and next.config.mjs free of imports into apps/', () => {
    const leaks = result.summary.violations.filter((v) => v.rule.name === 'lib-knows-no-app').map((v) => `${v.from} → ${v.to}`);
    expect(leaks, `imports into a particular app from app-agnostic code:\n  ${leaks.join('\n  ')}`).toEqual([]);
  });

  it('resolves every relative import (an unresolved one would hide a cycle)', () => {
    const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source} → ${d.module}`));
    expect(unresolved).toEqual([]);
  });
});
