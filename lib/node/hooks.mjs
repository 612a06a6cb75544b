// Module hooks for lib/node/register.mjs.
const EMPTY = 'data:text/javascript,export default {};';

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, next) {
  if (specifier === 'server-only' || specifier === 'client-only') return { url: EMPTY, shortCircuit: true };
  if (/\.(css|scss|sass)$/.test(specifier)) return { url: EMPTY, shortCircuit: true };
  return next(specifier, context);
}
