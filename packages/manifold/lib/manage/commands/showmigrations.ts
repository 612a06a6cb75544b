import { CommandError, defineCommand } from '../../app';
import { listMigrationNames, showMigrations } from '../../migrations';
import { PROVIDERS, projectRoot } from '../../schema';
import { settings } from '../../settings';
import { redact } from '../../database-url';

export const showMigrationsCommand = defineCommand({
  description: 'List migrations and whether each is applied ([X]) or pending ([ ]) on the database of DATABASE_URL.',
  options: { 'all-providers': { type: 'boolean', help: "Also list the other provider's migration files and any that exist for one provider only." } },
  async run(options, ctx) {
    const target = settings().database;
    ctx.out(`${target.provider} (${target.provider === 'sqlite' ? target.file : redact(target.url)}):`);
    let statuses;
    try {
      statuses = await showMigrations(target, projectRoot);
    } catch (err) {
      throw new CommandError(`cannot read the migration state of the ${target.provider} database: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!statuses.length) ctx.out(' (no migrations)');
    for (const s of statuses) ctx.out(` [${s.applied ? 'X' : ' '}] ${s.name}`);
    if (options.allProviders) {
      const names = Object.fromEntries(PROVIDERS.map((p) => [p, listMigrationNames(p, projectRoot)]));
      for (const provider of PROVIDERS) {
        if (provider === target.provider) continue;
        ctx.out(`${provider} (migration files; not the configured database):`);
        if (!names[provider].length) ctx.out(' (no migrations)');
        for (const name of names[provider]) ctx.out(`     ${name}`);
      }
      const [a, b] = PROVIDERS;
      const onlyA = names[a].filter((n) => !names[b].includes(n));
      const onlyB = names[b].filter((n) => !names[a].includes(n));
      for (const n of onlyA) ctx.out(`Warning: ${n} exists for ${a} but not for ${b}.`);
      for (const n of onlyB) ctx.out(`Warning: ${n} exists for ${b} but not for ${a}.`);
    }
  },
});
