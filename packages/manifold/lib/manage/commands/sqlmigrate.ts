import { CommandError, defineCommand } from '../../app';
import { sqlForMigration } from '../../migrations';
import { PROVIDERS, projectRoot } from '../../schema';
import { settings } from '../../settings';

export const sqlMigrateCommand = defineCommand({
  description: 'Print the SQL of one migration (by full name, timestamp or name suffix) for the configured or given provider.',
  arguments: [{ name: 'name', help: 'The migration: its full folder name, its timestamp, or the end of its name ("initial").' }],
  options: { provider: { type: 'string', choices: PROVIDERS, help: "Whose SQL to print (default: the provider of DATABASE_URL)." } },
  async run(options, ctx) {
    const provider = options.provider ?? settings().database.provider;
    let sql: string;
    try {
      sql = sqlForMigration(provider, options.name, projectRoot);
    } catch (err) {
      throw new CommandError((err as Error).message);
    }
    ctx.out(sql.trimEnd());
  },
});
