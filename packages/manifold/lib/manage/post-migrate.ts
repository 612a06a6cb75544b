// Django's post_migrate signal: after the migrations, every installed app's postMigrate hook runs (in installedApps
// order) with the apps' models, declared permissions and owner-limited models, e.g. accounts creating permissions.
import type { Db } from '../db';
import type { AppManifest, PostMigrateContext, ServerAppManifest } from '../app';
import { readAppModels } from '../schema';
import { projectRoot } from '../schema';

interface RegistryApp {
  label: string;
  app: AppManifest;
  server: ServerAppManifest;
}

/** What each installed app declares, as postMigrate hooks are given it. */
export async function describeAppsForPostMigrate(serverApps: readonly RegistryApp[], root = projectRoot): Promise<PostMigrateContext['apps']> {
  const models = new Map(readAppModels(root).map((a) => [a.label, a.models]));
  return Promise.all(
    serverApps.map(async ({ label, app, server }) => {
      // The ModelAdmin entries say which models are owned by a user (ownerField): they get the `_own_` permissions.
      const admins = app.admin ? (await app.admin()).default : [];
      return {
        label,
        models: models.get(label) ?? [],
        permissions: server.permissions ?? {},
        ownerModels: admins.filter((a) => a.ownerField).map((a) => a.model),
      };
    }),
  );
}

/** Runs every installed app's postMigrate hook against `db`; idempotent as the hooks are. */
export async function runPostMigrate(db: Db, out: (line: string) => void = () => {}, root = projectRoot): Promise<void> {
  const { serverApps } = await import('@site/.manifold/registry.server');
  const withHooks = serverApps.filter((a) => a.server.postMigrate);
  // No hook, nothing to describe: a project without the accounts app never loads its apps' admin modules here.
  if (withHooks.length === 0) return;
  const apps = await describeAppsForPostMigrate(serverApps, root);
  for (const { label, server } of withHooks) {
    const hook = (await server.postMigrate!()).default;
    try {
      await hook({ db, apps, out });
    } catch (err) {
      throw new Error(`${label}'s postMigrate hook failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
