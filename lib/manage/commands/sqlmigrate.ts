import { CommandError, type Command } from '../../app';
import { parseCommandArgs } from '../args';
import { sqlForMigration } from '../../migrations';
import { PROVIDERS, projectRoot, type Provider } from '../../schema';
import { settings } from '../../settings';

export const sqlMigrateCommand: Command = {
  description: 'Print the SQL of one migration (by full name, timestamp or name suffix) for the configured or given provider.',
  usage: '<name> [--provider sqlite|postgresql]',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { provider: { type: 'string' } });
    if (positionals.length !== 1) throw new CommandError('Usage: manage sqlmigrate <name> [--provider sqlite|postgresql]', 2);
    const provider = (values.provider ?? settings().database.provider) as Provider;
    if (!PROVIDERS.includes(provider)) throw new CommandError(`--provider must be one of ${PROVIDERS.join(', ')}; got "${values.provider}"`, 2);
    let sql: string;
    try {
      sql = sqlForMigration(provider, positionals[0], projectRoot);
    } catch (err) {
      throw new CommandError((err as Error).message);
    }
    ctx.out(sql.trimEnd());
  },
};
