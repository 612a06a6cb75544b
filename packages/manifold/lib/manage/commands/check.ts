// `manage check`: Django's system check framework, for what can go wrong in a Manifold project before it serves.
import fs from 'node:fs';
import path from 'node:path';
import { CommandError, defineCommand } from '../../app';
import { cliSettings, deprecatedSettingsInUse, deprecationMessage, loadSettings, SettingsError, type Settings } from '../../settings';
import { deployChecks } from '../deploy-checks';
import { assembleSchema, PROVIDERS, projectRoot, readAppModels } from '../../schema';
import { appName, readRegistryModel, REGISTRY_DIR, staleRegistryFiles, type RegistryModel } from '../../registry/generate';
import { checkModelAdmins } from '../admin-checks';
import { listMigrationNames, pendingModelChanges, showMigrations } from '../../migrations';
import { explainSchemaError } from '../schema-errors';
import { clientIsStale } from '../client-generation';
import { redact } from '../../database-url';

type Level = 'ERROR' | 'WARNING' | 'INFO';
interface Issue {
  level: Level;
  id: string;
  where: string;
  message: string;
  hint?: string;
}
const LEVELS: Level[] = ['INFO', 'WARNING', 'ERROR'];

export interface CheckOptions {
  database?: boolean;
  /** Also the deployment checks (lib/manage/deploy-checks.ts), whatever NODE_ENV says. */
  deploy?: boolean;
  root?: string;
}

/** Runs every check; returns the issues found (an empty list means all is well). */
export async function runChecks(opts: CheckOptions = {}): Promise<Issue[]> {
  const root = opts.root ?? projectRoot;
  const issues: Issue[] = [];
  const add = (level: Level, id: string, where: string, message: string, hint?: string) => issues.push({ level, id, where, message, hint });

  // Settings: the environment validates, and production has what it needs.
  let settings: Settings | undefined;
  try {
    settings = loadSettings(process.env, root);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    add('ERROR', 'settings.E001', 'environment', err.message);
  }
  // Renamed settings still set under their old names (DEPRECATED_SETTINGS): they work until the release that removes them.
  for (const { name, deprecation, ignored } of deprecatedSettingsInUse(process.env)) {
    add('WARNING', 'settings.W003', name, deprecationMessage(name, deprecation), ignored ? `${deprecation.replacement} is set too, so ${name} is ignored: unset ${name}.` : `Set ${deprecation.replacement} instead of ${name}.`);
  }
  if (settings && opts.deploy) {
    for (const m of deployChecks(settings, { debug: cliSettings(process.env).debug })) add(m.level, m.id, m.where, m.message, m.hint);
  } else if (settings?.production) {
    if (!settings.authSecret) add('WARNING', 'settings.W001', 'AUTH_SECRET', 'AUTH_SECRET is not set: sessions are signed with the secret kept in data/.auth-secret, which is fine for one machine.', 'Set AUTH_SECRET (a random string of at least 32 characters, e.g. `openssl rand -hex 32`) when several machines serve the site.');
    if (settings.siteUrl === `http://localhost:${settings.port}`) add('WARNING', 'settings.W002', 'SITE_URL', 'SITE_URL is not set; feeds and canonical links will point at localhost.');
  }

  // Apps: the generated registry matches site.config.ts and apps/, each manifest imports and its parts load.
  let labels: string[] = [];
  let model: RegistryModel | undefined;
  try {
    model = await readRegistryModel(root);
    labels = model.installed.map((a) => a.label);
    const stale = await staleRegistryFiles(root);
    if (stale.length) {
      add('ERROR', 'apps.E009', REGISTRY_DIR, `The generated app registry does not match site.config.ts and apps/ (${stale.join(', ')}).`, 'Run `npm run manage -- sync` (npm start and the build run it too).');
    }
  } catch (err) {
    add('ERROR', 'apps.E001', 'site.config.ts', (err as Error).message);
  }
  for (const app of model?.installed ?? []) {
    const parts: [string, (() => Promise<{ default?: unknown }>) | undefined][] = [
      ['commands', app.server?.commands],
      ['admin', app.manifest.admin],
    ];
    for (const [part, loader] of parts) {
      if (!loader) continue;
      try {
        const mod = await loader();
        if (!mod?.default || typeof mod.default !== 'object') add('ERROR', 'apps.E008', appName(app), `The ${part} module has no default export.`);
        // ModelAdmin entries name real models and fields (admin.E108 and friends).
        else if (part === 'admin') for (const i of checkModelAdmins(app.label, mod.default, assembleSchema('sqlite', root), `${appName(app)}/admin.ts`)) add(i.level, i.id, i.where, i.message, i.hint);
      } catch (err) {
        add('ERROR', 'apps.E007', appName(app), `The ${part} module does not import: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }

  // Models: every app's models.prisma assembles into a schema the engine accepts, and each model has one owner.
  let modelsValid = labels.length > 0;
  if (labels.length) {
    const owners = new Map<string, string>();
    for (const app of readAppModels(root)) {
      for (const model of app.models) {
        const other = owners.get(model);
        if (other) add('ERROR', 'models.E002', `${app.name}/models.prisma`, `Model ${model} is declared by both ${other} and ${app.label}; model names are project-wide.`);
        owners.set(model, app.label);
      }
    }
    for (const provider of PROVIDERS) {
      try {
        const sql = await pendingModelChanges(provider, root);
        if (sql) {
          add('WARNING', 'migrations.W002', `prisma/migrations/${provider}`, 'Your models have changes that are not reflected in a migration.', 'Run `npm run manage -- makemigrations`, then `migrate`.');
        }
      } catch (err) {
        modelsValid = false;
        add('ERROR', 'models.E001', 'models.prisma', explainSchemaError(err, provider, root));
        break;
      }
    }
    if (modelsValid && clientIsStale(root)) {
      add('WARNING', 'models.W001', 'prisma/generated', 'The generated Prisma client does not match the models.', 'Run `npm run manage -- makemigrations` (it regenerates the client) or `npx manifold setup`.');
    }
    // The same warning twice (one per provider) says nothing new.
    const dup = issues.filter((i) => i.id === 'migrations.W002');
    if (dup.length > 1) issues.splice(issues.indexOf(dup[1]), 1);
    const names = PROVIDERS.map((p) => listMigrationNames(p, root));
    const only = names[0].filter((n) => !names[1].includes(n)).concat(names[1].filter((n) => !names[0].includes(n)));
    if (only.length) add('WARNING', 'migrations.W003', 'prisma/migrations', `Migrations exist for one provider only: ${only.join(', ')}.`, 'makemigrations writes both; restore the missing one from version control.');
  }

  // The database: applied migrations (a local SQLite file is always read; PostgreSQL only with --database).
  if (settings) {
    const target = settings.database;
    const where = target.provider === 'sqlite' ? target.file : redact(target.url);
    const readState = opts.database || (target.provider === 'sqlite' && target.file !== ':memory:');
    let migrated = false;
    if (readState) {
      try {
        if (target.provider === 'sqlite' && !fs.existsSync(target.file)) {
          const n = listMigrationNames('sqlite', root).length;
          add('WARNING', 'migrations.W001', where, `The database does not exist yet; you have ${n} unapplied migration(s).`, 'Run `npm run manage -- migrate` to create it.');
        } else {
          const pending = (await showMigrations(target, root)).filter((m) => !m.applied);
          migrated = pending.length === 0;
          if (pending.length) {
            add('WARNING', 'migrations.W001', where, `You have ${pending.length} unapplied migration(s). Your project may not work properly until you apply the migrations.`, 'Run `npm run manage -- migrate` to apply them.');
          }
        }
        if (opts.database && modelsValid) {
          const { createDb } = await import('../../db');
          const db = createDb(target);
          try {
            await db.$queryRawUnsafe('SELECT 1');
          } finally {
            await db.$disconnect();
          }
        }
      } catch (err) {
        add('ERROR', 'database.E001', where, `Cannot connect to the database: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    // The apps' own checks read their tables, so they run on a migrated database only.
    if (migrated && modelsValid && model) {
      for (const app of model.installed) {
        if (!app.server?.checks) continue;
        try {
          for (const m of await app.server.checks()) add(m.level, m.id, m.where, m.message, m.hint);
        } catch (err) {
          add('WARNING', 'apps.W001', appName(app), `The ${app.label} app's checks did not run: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
  }
  return issues;
}

export const checkCommand = defineCommand({
  description: 'Inspect the project for problems: settings, installed apps, models, migrations (--database also connects, --deploy checks production settings).',
  options: {
    database: { type: 'boolean', help: 'Also connect to the database (PostgreSQL is otherwise not contacted).' },
    deploy: { type: 'boolean', help: 'Also check the settings for a production deployment (secrets, https, several instances).' },
    'fail-level': { type: 'string', choices: ['ERROR', 'WARNING', 'INFO'], default: 'ERROR', help: 'The level of issue that makes check exit 1.' },
  },
  async run({ database, deploy, failLevel }, ctx) {
    const issues = await runChecks({ database, deploy });
    if (!issues.length) {
      ctx.out('System check identified no issues (0 silenced).');
      return 0;
    }
    ctx.out('System check identified some issues:');
    for (const level of ['ERROR', 'WARNING', 'INFO'] as Level[]) {
      const group = issues.filter((i) => i.level === level);
      if (!group.length) continue;
      ctx.out('');
      ctx.out(`${level}S:`);
      for (const i of group) {
        ctx.out(`${i.where}: (${i.id}) ${i.message}`);
        if (i.hint) ctx.out(`\tHINT: ${i.hint}`);
      }
    }
    ctx.out('');
    ctx.out(`System check identified ${issues.length} issue${issues.length === 1 ? '' : 's'} (0 silenced).`);
    const failing = issues.filter((i) => LEVELS.indexOf(i.level) >= LEVELS.indexOf(failLevel));
    if (failing.length) throw new CommandError(`System check found ${failing.length} problem(s) at ${failLevel} level or above.`);
    return 0;
  },
});
