// `--import` hook for tests that prove a package is never loaded: with MANIFOLD_MODULE_LOG set, the production server
// (server.mjs) and its worker threads append every module they resolve, ESM and CommonJS, one per line, to that file.
// Other processes started with the same NODE_OPTIONS (npm, tsx, next build) are left alone.
import fs from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.MANIFOLD_MODULE_LOG;
if (file && process.argv[1]?.endsWith('server.mjs')) {
  /** @type {{ _resolveFilename: (request: string, ...rest: unknown[]) => string }} */
  const cjs = /** @type {any} */ (Module);
  const resolveFilename = cjs._resolveFilename;
  cjs._resolveFilename = function (request, ...rest) {
    const resolved = resolveFilename.call(this, request, ...rest);
    fs.appendFileSync(file, `${resolved}\n`);
    return resolved;
  };
  const hooks = `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  fs.appendFileSync(${JSON.stringify(file)}, result.url + '\\n');
  return result;
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
