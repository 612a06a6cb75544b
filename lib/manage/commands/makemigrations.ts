import path from 'node:path';
import { CommandError, type Command } from '../../app';
import { parseCommandArgs } from '../args';
import { makeMigrations, pendingModelChanges } from '../../migrations';
import { PROVIDERS, projectRoot } from '../../schema';
import { explainSchemaError } from '../schema-errors';
import { clientIsStale, regenerateClients } from '../client-generation';
import { shown } from '../support';

/** One line per change, from the `-- CreateTable`-style headings Prisma writes before each statement. */
export function summarizeSql(sql: string): string[] {
  const out: string[] = [];
  const blocks = sql.split(/^-- /m).slice(1);
  for (const block of blocks) {
    const [heading, ...rest] = block.split('\n');
    const body = rest.join('\n');
    const words = heading.trim().replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const table = body.match(/(?:TABLE|ON)\s+(?:"[^"]+"\.)?"([^"]+)"/i)?.[1];
    const index = /index/i.test(heading) ? body.match(/INDEX\s+"([^"]+)"/i)?.[1] : undefined;
    const what = index ? `${index}${table ? ` on ${table}` : ''}` : (table?.replace(/^new_/, '') ?? '');
    const line = `- ${words.charAt(0).toUpperCase()}${words.slice(1)}${what ? ` ${what}` : ''}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

export const makeMigrationsCommand: Command = {
  description: "Write the next migration for SQLite and PostgreSQL from the installed apps' models.prisma (no database needed).",
  usage: '[--name N] [--check] [--dry-run] [--no-generate]',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      name: { type: 'string', short: 'n' },
      check: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'no-generate': { type: 'boolean' },
    });
    if (positionals.length) throw new CommandError(`makemigrations takes no app labels (it always covers every installed app); got "${positionals.join(' ')}"`, 2);
    if (values.name !== undefined && !/^[\w-]+$/.test(values.name)) throw new CommandError('--name may hold letters, digits, _ and - only', 2);
    const root = projectRoot;
    if (values.check || values['dry-run']) {
      let changed = false;
      for (const provider of PROVIDERS) {
        const sql = await pendingModelChanges(provider, root).catch((err) => {
          throw new CommandError(`The models do not validate:\n${explainSchemaError(err, provider, root)}`);
        });
        if (!sql) continue;
        changed = true;
        ctx.out(`Migrations for ${provider} (not written):`);
        for (const line of summarizeSql(sql)) ctx.out(`    ${line}`);
      }
      if (!changed) {
        ctx.out('No changes detected');
        return 0;
      }
      return values.check ? 1 : 0;
    }
    let created;
    try {
      created = await makeMigrations({ name: values.name, root });
    } catch (err) {
      // Both providers' schemas share the same lines, so either locates the error.
      throw new CommandError(`The models do not validate:\n${explainSchemaError(err, 'sqlite', root)}`);
    }
    if (created.length === 0) ctx.out('No changes detected');
    for (const m of created) {
      ctx.out(`Migrations for ${m.provider}:`);
      ctx.out(`  ${shown(path.join(m.dir, 'migration.sql'), root)}`);
      for (const line of summarizeSql(m.sql)) ctx.out(`    ${line}`);
    }
    if (!values['no-generate'] && clientIsStale(root)) {
      ctx.out('Regenerating the Prisma clients for the new models...');
      try {
        regenerateClients(root);
      } catch (err) {
        throw new CommandError(`${(err as Error).message}\nThe migration files were written; fix the problem and run \`node scripts/postinstall.mjs\`.`);
      }
      ctx.out('  prisma/generated/sqlite, prisma/generated/postgresql OK');
    }
    if (created.length) ctx.out('Run `npm run manage -- migrate` to apply them.');
    return 0;
  },
};
