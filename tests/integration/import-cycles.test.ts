// The import graph of the framework package and of this site, and the boundaries between them (dependency-cruiser):
// (a) no cycles; (b) the framework's lib/ knows no app; (c) the framework reaches the site only as `@site/…`, never by a
// relative path out of the package (in an installed site that path would point into someone else's node_modules);
// (d) the site reaches the framework only through the `manifold/<export>` specifiers of its package.json, and each of
// those is an export. Cycles make load order decide what a module sees (a binding read before its module ran is
// undefined) and make a bundler put both sides in one chunk; type-only imports count too, since a type-only loop is
// the same tangle one edit away from a runtime one. A throwaway project that breaks each rule once shows the rules bite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult, type IDependency, type IModule } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const FRAMEWORK = 'packages/manifold';

/** The site's code: what a site author writes, plus this repository's own tests and scripts. */
const SITE_DIRS = ['app', 'pages', 'apps', 'components', 'scripts', 'tests'];
const SITE_FILES = ['site.config.ts', 'next.config.mjs', 'vitest.config.ts', 'playwright.config.ts', 'prisma.config.ts', 'eslint.config.mjs', 'stryker.config.mjs'];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (dirs: string[], files: string[]) => new RegExp(`^(${dirs.map(esc).join('|')})/|^(${files.map(esc).join('|')})$`);
/** Site code, as paths relative to the project root. */
const SITE_CODE = anyOf(SITE_DIRS, SITE_FILES);
/** Anything of the project; the framework may depend on its settings, the generated registry and Prisma clients only. */
const SITE_ANY = anyOf([...SITE_DIRS, 'content', '.manifold', 'prisma/generated'], SITE_FILES);
const SITE_REACHABLE = /^(\.manifold\/|prisma\/generated\/|site\.config\.ts$)/;
const IN_FRAMEWORK = new RegExp(`^${esc(FRAMEWORK)}/`);
/** Code that knows no particular app (DESIGN.md "lib/ knows no app"): contrib apps and the site's apps contribute through the registry. */
const APP_AGNOSTIC = `^${esc(FRAMEWORK)}/(lib/|scripts/|bin/|testing/|server\\.mjs$|next\\.mjs$)`;
const APPS = `^${esc(FRAMEWORK)}/contrib/|^apps/`;

async function cruiseProject(root: string): Promise<ICruiseResult> {
  const roots = [FRAMEWORK, ...SITE_DIRS, ...SITE_FILES].filter((p) => fs.existsSync(path.join(root, p)));
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { output } = await cruise(
      roots,
      {
        validate: true,
        ruleSet: {
          forbidden: [
            { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
            { name: 'lib-knows-no-app', severity: 'error', from: { path: APP_AGNOSTIC }, to: { path: APPS } },
            // `manifold/<export>` resolves into the workspace package as an aliased-workspace dependency; a relative
            // path (local) or a tsconfig alias into packages/manifold reaches past the package's public API.
            { name: 'site-imports-framework-by-export', severity: 'error', from: { path: SITE_CODE.source }, to: { path: IN_FRAMEWORK.source, dependencyTypesNot: ['aliased-workspace'] } },
          ],
        },
        // The generated Prisma client is large and imports nothing of ours; the edges into it are still recorded.
        doNotFollow: { path: ['node_modules', '^prisma/generated/'] },
        // template/ is a whole site for startproject (its own tsconfig and config files), not code of this one.
        exclude: { path: ['(^|/)node_modules/', '^\\.next/', '^public/', `^${esc(FRAMEWORK)}/template/`] },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'tsconfig.json' },
        moduleSystems: ['es6', 'cjs'],
      },
      // Node's semantics for package.json `exports` (dependency-cruiser ignores them by default): a subpath that is not
      // exported does not resolve.
      { extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
      // @site/* is a tsconfig path, which teaches dependency-cruiser the alias the framework uses for the project.
      { tsConfig: extractTSConfig(path.join(root, 'tsconfig.json')) },
    );
    return output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
}

const edges = (result: ICruiseResult, from: RegExp, keep: (d: IDependency, m: IModule) => boolean) =>
  result.modules.filter((m) => from.test(m.source)).flatMap((m) => m.dependencies.filter((d) => keep(d, m)).map((d) => `${m.source} → ${d.module}${d.couldNotResolve ? '' : ` (${d.resolved})`}`));
const violations = (result: ICruiseResult, rule: string) => result.summary.violations.filter((v) => v.rule.name === rule);

/** Each rule's findings, one line per offending import. */
const check = {
  cycles: (r: ICruiseResult) => violations(r, 'no-circular').map((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name)].join(' → ')),
  appLeaks: (r: ICruiseResult) => violations(r, 'lib-knows-no-app').map((v) => `${v.from} → ${v.to}`),
  /** Framework imports of the project that are not `@site/<site.config | .manifold/… | prisma/generated/…>`. */
  siteLeaks: (r: ICruiseResult) => edges(r, IN_FRAMEWORK, (d) => (d.module.startsWith('@site/') ? !SITE_REACHABLE.test(d.resolved) : SITE_ANY.test(d.resolved))),
  frameworkLeaks: (r: ICruiseResult) => violations(r, 'site-imports-framework-by-export').map((v) => `${v.from} → ${v.to}`),
  /** `manifold/…` specifiers (anywhere) that the package's exports do not resolve. */
  unexported: (r: ICruiseResult) => edges(r, /./, (d) => /^manifold(\/|$)/.test(d.module) && d.couldNotResolve),
  unresolved: (r: ICruiseResult) => edges(r, /./, (d) => d.couldNotResolve && /^(\.|@site\/|@\/)/.test(d.module)),
};

describe('the import graph of the framework and this site', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseProject(repoRoot);
  }, 300_000);

  it('covers the framework, the site and the generated registry', () => {
    const sources = result.modules.map((m) => m.source);
    expect(sources.filter((s) => s.startsWith(`${FRAMEWORK}/lib/`)).length, 'framework lib/ files cruised').toBeGreaterThan(50);
    expect(sources.filter((s) => s.startsWith(`${FRAMEWORK}/contrib/`)).length, 'contrib files cruised').toBeGreaterThan(30);
    expect(sources.filter((s) => SITE_CODE.test(s)).length, 'site files cruised').toBeGreaterThan(30);
    expect(sources, 'the registry is reached through @site/').toContain('.manifold/registry.server.ts');
  });

  it('(a) has no cycles', () => {
    const cycles = check.cycles(result);
    expect(cycles, `import cycles (each from a file back to itself):\n  ${cycles.join('\n  ')}`).toEqual([]);
  });

  it('(b) keeps the framework (lib/, scripts/, bin/, testing/, server.mjs, next.mjs) free of imports into a contrib app or a site app', () => {
    const leaks = check.appLeaks(result);
    expect(leaks, `imports into a particular app from app-agnostic framework code:\n  ${leaks.join('\n  ')}`).toEqual([]);
  });

  it('(c) lets the framework reach the site only as @site/site.config, @site/.manifold/… or @site/prisma/generated/…', () => {
    const leaks = check.siteLeaks(result);
    expect(leaks, `framework imports of the site other than @site/<settings | registry | Prisma client>:\n  ${leaks.join('\n  ')}`).toEqual([]);
  });

  it('(d) lets the site reach the framework only through manifold/<export>, and every such specifier is an export', () => {
    const leaks = check.frameworkLeaks(result);
    expect(leaks, `site imports of the framework past its package exports:\n  ${leaks.join('\n  ')}`).toEqual([]);
    const unexported = check.unexported(result);
    expect(unexported, `manifold/… specifiers that are not exports of packages/manifold/package.json:\n  ${unexported.join('\n  ')}`).toEqual([]);
  });

  it('resolves every relative and @site/ import (an unresolved one would hide a cycle or a boundary crossing)', () => {
    expect(check.unresolved(result)).toEqual([]);
  });
});

describe('the rules, on a project that breaks each of them once', () => {
  let dir: string;
  let result: ICruiseResult;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-boundaries-'));
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'site', private: true, type: 'module', workspaces: ['packages/*'], dependencies: { manifold: '*' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', allowJs: true, paths: { '@site/*': ['./*'] } } }),
      [`${FRAMEWORK}/package.json`]: JSON.stringify({ name: 'manifold', version: '0.0.0', type: 'module', exports: { './app': './lib/app.ts' } }),
      // Allowed: an export of the framework's own, @site/ into the settings and the registry.
      [`${FRAMEWORK}/lib/app.ts`]: "export const app = (manifest: object) => manifest;\n",
      [`${FRAMEWORK}/lib/apps.ts`]: "import { siteConfig } from '@site/site.config';\nimport registry from '@site/.manifold/registry.server';\nexport const apps = [siteConfig, registry];\n",
      '.manifold/registry.server.ts': "import blog from '../packages/manifold/contrib/blog/app';\nexport default [blog];\n",
      [`${FRAMEWORK}/contrib/blog/app.ts`]: "import { app } from '../../lib/app';\nexport default app({ label: 'blog' });\n",
      'site.config.ts': "export const siteConfig = { installedApps: ['manifold/blog'] };\n",
      'app/page.ts': "import { app } from 'manifold/app';\nexport default app;\n",
      // (a) a cycle
      [`${FRAMEWORK}/lib/cycle-a.ts`]: "import { b } from './cycle-b';\nexport const a = () => b;\n",
      [`${FRAMEWORK}/lib/cycle-b.ts`]: "import { a } from './cycle-a';\nexport const b = () => a;\n",
      // (b) lib/ importing a contrib app and a site app
      [`${FRAMEWORK}/lib/knows-blog.ts`]: "export { default } from '../contrib/blog/app';\n",
      [`${FRAMEWORK}/lib/knows-demos.ts`]: "export { default } from '@site/apps/demos/app';\n",
      'apps/demos/app.ts': "export default { label: 'demos' };\n",
      // (c) the framework reaching the site by relative path
      [`${FRAMEWORK}/lib/relative-site.ts`]: "export { siteConfig } from '../../../site.config';\n",
      // (d) the site reaching the framework by relative path, and by a subpath that is not exported
      'app/relative.ts': "export { app } from '../packages/manifold/lib/app';\n",
      'app/unexported.ts': "export { a } from 'manifold/lib/cycle-a';\n",
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(`../${FRAMEWORK}`, path.join(dir, 'node_modules', 'manifold'));
    result = await cruiseProject(dir);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('(a) finds the cycle', () => {
    expect(check.cycles(result)).toEqual([`${FRAMEWORK}/lib/cycle-a.ts → ${FRAMEWORK}/lib/cycle-b.ts → ${FRAMEWORK}/lib/cycle-a.ts`]);
  });

  it('(b) finds lib/ importing an app, and nothing else (contrib importing lib is fine)', () => {
    expect(check.appLeaks(result).sort()).toEqual([`${FRAMEWORK}/lib/knows-blog.ts → ${FRAMEWORK}/contrib/blog/app.ts`, `${FRAMEWORK}/lib/knows-demos.ts → apps/demos/app.ts`]);
  });

  it('(c) finds the relative import of the site and the @site/ import of an app, not the settings or the registry', () => {
    expect(check.siteLeaks(result).sort()).toEqual([`${FRAMEWORK}/lib/knows-demos.ts → @site/apps/demos/app (apps/demos/app.ts)`, `${FRAMEWORK}/lib/relative-site.ts → ../../../site.config (site.config.ts)`]);
  });

  it('(d) finds the relative import of the framework and the unexported subpath, not manifold/app or the generated registry', () => {
    expect(check.frameworkLeaks(result)).toEqual([`app/relative.ts → ${FRAMEWORK}/lib/app.ts`]);
    expect(check.unexported(result)).toEqual(['app/unexported.ts → manifold/lib/cycle-a']);
  });
});
