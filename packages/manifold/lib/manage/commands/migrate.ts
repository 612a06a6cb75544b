// `manage migrate`: apply pending migrations, then every installed app's post-migrate hook (Django's post_migrate).
import { defineCommand } from '../../app';
import { migrate, MIGRATE_LOCK_WAIT_MS, pendingModelChanges } from '../../migrations';
import { settings } from '../../settings';
import { redact } from '../../database-url';
import { withDb } from '../support';
import { runPostMigrate } from '../post-migrate';

export const migrateCommand = defineCommand({
  description: 'Apply pending migrations to the database named by DATABASE_URL (creating a PostgreSQL database if missing).',
  options: {
    wait: { type: 'integer', metavar: 'SECONDS', min: 0, max: 3600, default: MIGRATE_LOCK_WAIT_MS / 1000, help: 'SQLite: how long to wait for another process\'s write (a running server, another manage command) before giving up.' },
  },
  async run({ wait }, ctx) {
    const target = settings().database;
    ctx.out(`Database: ${target.provider} ${target.provider === 'sqlite' ? target.file : redact(target.url)}`);
    const applied = await migrate(target, undefined, { lockWaitMs: wait * 1000 });
    if (applied.length === 0) ctx.out('No migrations to apply.');
    for (const name of applied) ctx.out(`  Applying ${name}... OK`);
    // Django's post_migrate: permissions for every model, built-in groups, data conversions (idempotent).
    await withDb((db) => runPostMigrate(db, ctx.out));
    // As Django's migrate does: say so when the models have moved on from the last migration (offline, ~0.1 s).
    const unmigrated = await pendingModelChanges(target.provider).catch(() => '');
    if (unmigrated) {
      ctx.out("  Your models have changes that are not yet reflected in a migration, and so won't be applied.");
      ctx.out('  Run `npm run manage -- makemigrations` to make new migrations, and then re-run `migrate` to apply them.');
    }
  },
});
