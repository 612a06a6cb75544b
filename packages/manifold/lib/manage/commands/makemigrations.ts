import path from 'node:path';
import { CommandError, defineCommand } from '../../app';
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

export const makeMigrationsCommand = defineCommand({
  description: "Write the next migration for SQLite and PostgreSQL from the installed apps' models.prisma (no database needed).",
  options: {
    name: { type: 'string', short: 'n', metavar: 'NAME', help: 'The migration\'s name (letters, digits, _ and -); "migration" when omitted.' },
    check: { type: 'boolean', help: 'Write nothing; exit 1 when the models have changes without a migration (for CI).' },
    'dry-run': { type: 'boolean', help: 'Show what would be written, and write nothing.' },
    'no-generate': { type: 'boolean', help: 'Do not regenerate the Prisma clients afterwards.' },
  },
  async run(options, ctx) {
    if (options.name !== undefined && !/^[\w-]+$/.test(options.name)) throw new CommandError('--name may hold letters, digits, _ and - only', 2);
    const root = projectRoot;
    if (options.check || options.dryRun) {
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
      return options.check ? 1 : 0;
    }
    let created;
    try {
      created = await makeMigrations({ name: options.name, root });
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
    if (!options.noGenerate && clientIsStale(root)) {
      ctx.out('Regenerating the Prisma clients for the new models...');
      try {
        regenerateClients(root);
      } catch (err) {
        throw new CommandError(`${(err as Error).message}\nThe migration files were written; fix the problem and run \`npx manifold setup\`.`);
      }
      ctx.out('  prisma/generated/sqlite, prisma/generated/postgresql OK');
    }
    if (created.length) ctx.out('Run `npm run manage -- migrate` to apply them.');
    return 0;
  },
});
