// The apps' admin hooks (ServerAppManifest.adminHooks): what runs around a save, a delete and a bulk action of a model.
import { adminHooks } from '@site/.manifold/registry.hooks';
import type { AdminModelHooks } from '../../../lib/app';
import type { Endpoint } from '../../../lib/endpoint.mjs';

const loaded = new Map<string, Promise<Partial<Record<string, AdminModelHooks>>>>();

/** The hooks app `label` declares for `model`, or undefined. Loaded once per process. */
export async function adminHooksFor(label: string, model: string): Promise<AdminModelHooks | undefined> {
  const load = adminHooks[label];
  if (!load) return undefined;
  if (!loaded.has(label)) {
    loaded.set(
      label,
      load().then((m) => m.default).catch((err) => {
        loaded.delete(label);
        throw err;
      }),
    );
  }
  return (await loaded.get(label)!)[model];
}

/** Every installed app's admin API endpoints (the `endpoints` export of its admin hooks module), in installedApps order. */
export async function adminEndpoints(): Promise<Endpoint[]> {
  const lists = await Promise.all(Object.values(adminHooks).map(async (load) => (await load()).endpoints ?? []));
  return lists.flat();
}
