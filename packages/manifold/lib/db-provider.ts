// Which database a client talks to, without importing either driver: modules a page's view reaches (the blog's
// queries) may ask it and stay out of the browser bundle.
import type { DatabaseTarget } from './database-url';

/** Which database a client talks to (a test or a command may hold a client for another database than the site's). */
export function providerOf(client: object): DatabaseTarget['provider'] {
  const internals = client as unknown as { _engineConfig?: { activeProvider?: string }; _activeProvider?: string };
  const p = internals._engineConfig?.activeProvider ?? internals._activeProvider ?? 'sqlite';
  return p === 'postgresql' || p === 'postgres' ? 'postgresql' : 'sqlite';
}
