import type { Command } from '../../app';
import { migrate } from '../../migrations';
import { settings } from '../../settings';
import { redact } from '../../database-url';

export const migrateCommand: Command = {
  description: 'Apply pending migrations to the database named by DATABASE_URL (creating a PostgreSQL database if missing).',
  usage: '',
  async run(_args, ctx) {
    const target = settings().database;
    ctx.out(`Database: ${target.provider} ${target.provider === 'sqlite' ? target.file : redact(target.url)}`);
    const applied = await migrate(target);
    if (applied.length === 0) ctx.out('No migrations to apply.');
    for (const name of applied) ctx.out(`  Applying ${name}... OK`);
  },
};
