// `manage shell`: a Node REPL with the project loaded (Django's manage.py shell), top-level await included.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import repl from 'node:repl';
import util from 'node:util';
import { defineCommand } from '../../app';
import { projectRoot } from '../../schema';

/**
 * Outside a Next server, unstable_cache has no incremental cache and throws; apps wrap their reader queries in
 * it. A pass-through cache (every call runs the query) lets those functions work in the shell as they are.
 */
export function installPassThroughCache() {
  const g = globalThis as { __incrementalCache?: unknown; AsyncLocalStorage?: unknown };
  // Next's request storage needs this global, which its own server sets up; it must exist before next/cache loads.
  g.AsyncLocalStorage ??= AsyncLocalStorage;
  g.__incrementalCache ??= {
    isOnDemandRevalidate: false,
    generateSimpleCacheKey: async (key: string) => key,
    get: async () => null,
    set: async () => {},
    revalidateTag: async () => {},
  };
}

/** What the shell starts with: db, settings, the app manifests, and each app's shell scope (its server manifest's `shell`) under its label. */
export async function shellContext(ctx: { err: (line: string) => void }): Promise<Record<string, unknown>> {
  installPassThroughCache();
  const { db } = await import('../../db');
  const { settings } = await import('../../settings');
  const { siteConfig } = await import('@site/site.config');
  const { apps, serverApps } = await import('@site/.manifold/registry.server');
  const scope: Record<string, unknown> = { db, settings: settings(), siteConfig, apps };
  for (const { label, server } of serverApps) {
    if (!server.shell) continue;
    try {
      scope[label] = await server.shell();
    } catch (err) {
      ctx.err(`Warning: the ${label} app's shell scope did not load: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return scope;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

export const shellCommand = defineCommand({
  description: "A Node REPL with db, settings and each installed app's shell scope (as its label) loaded; top-level await works.",
  options: { command: { type: 'string', short: 'c', metavar: 'CODE', help: 'Run CODE (an expression\'s value is printed) and exit, instead of the REPL.' } },
  async run(values, ctx) {
    const scope = await shellContext(ctx);
    const db = scope.db as { $disconnect(): Promise<void> };
    if (values.command !== undefined) {
      // Like `python manage.py shell -c`: run the code (an expression's value is printed) and exit.
      const names = Object.keys(scope);
      let fn: (...v: unknown[]) => Promise<unknown>;
      try {
        fn = new AsyncFunction(...names, `return (${values.command}\n);`);
      } catch {
        fn = new AsyncFunction(...names, values.command);
      }
      try {
        const result = await fn(...names.map((n) => scope[n]));
        if (result !== undefined) ctx.out(typeof result === 'string' ? result : util.inspect(result, { depth: 4, colors: false }));
      } finally {
        await db.$disconnect();
      }
      return 0;
    }
    const loaded = Object.keys(scope).filter((k) => !['db', 'settings', 'siteConfig', 'apps'].includes(k));
    ctx.out(`Manifold shell. Loaded: db, settings, siteConfig, apps${loaded.length ? `, ${loaded.join(', ')}` : ''}.`);
    ctx.out('Try: await db.post.count()   (.exit or Ctrl-D to leave)');
    const server = repl.start({ prompt: '>>> ', useGlobal: false, breakEvalOnSigint: true });
    Object.assign(server.context, scope);
    const history = path.join(projectRoot, 'data', '.shell_history');
    if (fs.existsSync(path.dirname(history))) server.setupHistory(history, () => {});
    await new Promise<void>((resolve) => server.on('exit', resolve));
    await db.$disconnect();
    return 0;
  },
});
