// `manage version`: the framework's version (Django's `django-admin version`); --verbose adds what a bug report needs.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand } from '../../app';
import { projectRootSetting } from '../../settings';

/** The framework package's own folder, from this module's location: the running framework, whatever the cwd holds. */
export const FRAMEWORK_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The packages whose versions decide how a site behaves, in the order --verbose lists them. */
export const REPORTED_PACKAGES = ['next', 'react', 'react-dom', 'prisma', '@prisma/client', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] as const;

interface PackageJson {
  name?: unknown;
  version?: unknown;
}

function readPackageJson(file: string): PackageJson {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not a JSON object');
  return data as PackageJson;
}

/** The framework's version: package.json next to lib/, which is what runs (not whatever manifold the cwd has). */
export function frameworkVersion(): string {
  const { version } = readPackageJson(path.join(FRAMEWORK_PACKAGE_DIR, 'package.json'));
  if (typeof version !== 'string') throw new Error(`${FRAMEWORK_PACKAGE_DIR}/package.json has no version`);
  return version;
}

/**
 * The version of `name` as Node would find it from the project root, or undefined when it is not installed there. It
 * walks the node_modules folders itself rather than resolving `name/package.json`, which a package's `exports` may hide.
 */
export function installedVersion(name: string, root: string): string | undefined {
  const dirs = createRequire(path.join(root, 'package.json')).resolve.paths(name) ?? [];
  for (const dir of dirs) {
    const file = path.join(dir, name, 'package.json');
    if (!fs.existsSync(file)) continue;
    try {
      const { version } = readPackageJson(file);
      return typeof version === 'string' ? version : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** "name version" of the site's package.json, or why there is none to read. */
function siteLine(root: string): string {
  const file = path.join(root, 'package.json');
  if (!fs.existsSync(file)) return `(no package.json in ${root})`;
  try {
    const { name, version } = readPackageJson(file);
    return `${typeof name === 'string' ? name : '(unnamed)'} ${typeof version === 'string' ? version : '(no version)'}`;
  } catch (err) {
    return `(package.json does not parse: ${(err as Error).message.split('\n')[0]})`;
  }
}

export const versionCommand = defineCommand({
  description: 'Print the Manifold version; --verbose adds the site, Node and the versions of Next, React, Prisma and tfjs installed in the project.',
  options: {
    verbose: { type: 'boolean', short: 'v', help: 'Also print the site, its root, Node, and the installed Next, React, Prisma and TensorFlow.js (for bug reports).' },
  },
  async run({ verbose }, ctx) {
    const version = frameworkVersion();
    if (!verbose) {
      ctx.out(version);
      return 0;
    }
    const root = projectRootSetting();
    const rows: [string, string][] = [
      ['manifold', `${version} (${FRAMEWORK_PACKAGE_DIR})`],
      ['site', siteLine(root)],
      ['project root', root],
      ['node', process.versions.node],
      ...REPORTED_PACKAGES.map((name): [string, string] => [name, installedVersion(name, root) ?? 'not installed']),
    ];
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    for (const [key, value] of rows) ctx.out(`${key.padEnd(width)}${value}`);
    return 0;
  },
});
