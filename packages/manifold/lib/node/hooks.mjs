// Module hooks for lib/node/register.mjs.
//
// `@site/<path>` is the project the framework serves: its site.config.ts, the registry `manage sync` generates into
// .manifold/ and the Prisma clients generated into prisma/generated/. Framework code imports those by this name,
// never by a relative path out of the package; the project is MANIFOLD_ROOT, else the working directory. Next and
// esbuild get the same alias from withManifold() (next.mjs) and the islands build, Vitest from testing/vitest.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../server/settings.mjs';

const EMPTY = 'data:text/javascript,export default {};';
const SITE = '@site/';
const root = projectRoot();
const EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.mjs'];

/** @param {string} specifier */
function siteFile(specifier) {
  const base = path.join(root, specifier.slice(SITE.length));
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
  return null;
}

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, next) {
  if (specifier.startsWith(SITE)) {
    const file = siteFile(specifier);
    if (!file) throw Object.assign(new Error(`Cannot find "${specifier}" in the project at ${root} (has \`manifold setup\` run?)`), { code: 'ERR_MODULE_NOT_FOUND' });
    return next(pathToFileURL(file).href, context);
  }
  if (specifier === 'server-only' || specifier === 'client-only') return { url: EMPTY, shortCircuit: true };
  if (/\.(css|scss|sass)$/.test(specifier)) return { url: EMPTY, shortCircuit: true };
  return next(specifier, context);
}
