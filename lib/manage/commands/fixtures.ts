// dumpdata, loaddata and flush: the commands around lib/manage/fixtures.ts.
import fs from 'node:fs';
import path from 'node:path';
import { CommandError, type Command } from '../../app';
import { parseCommandArgs } from '../args';
import { dumpData, flushData, FixtureError, loadData, type LoadOptions } from '../fixtures';
import { ModelLookupError } from '../models';
import { installedAppLabels, projectRoot } from '../../schema';
import { settings } from '../../settings';
import { redact } from '../../database-url';
import { askYesNo, requireInteractive, shown, withDb } from '../support';

const lookup = <T>(work: () => Promise<T>) =>
  work().catch((err) => {
    if (err instanceof ModelLookupError || err instanceof FixtureError) throw new CommandError(err.message);
    throw err;
  });

export const dumpDataCommand: Command = {
  description: "Write the database's records as a Django fixture (JSON) — all models, or the apps/models named.",
  usage: '[app[.Model] …] [--output F] [--indent N] [--exclude app[.Model]]…',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      output: { type: 'string', short: 'o' },
      indent: { type: 'string' },
      exclude: { type: 'string', short: 'e', multiple: true },
    });
    const indent = values.indent === undefined ? undefined : Number(values.indent);
    if (indent !== undefined && (!Number.isInteger(indent) || indent < 0 || indent > 10)) throw new CommandError('--indent must be a whole number from 0 to 10', 2);
    return withDb(async (db) => {
      const { records, counts } = await lookup(() => dumpData(db, { only: positionals, exclude: values.exclude, root: projectRoot }));
      const json = JSON.stringify(records, null, indent);
      if (!values.output) {
        ctx.out(json);
        return;
      }
      const file = path.resolve(values.output);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${json}\n`);
      ctx.out(`Dumped ${records.length} object(s) to ${shown(file)}:`);
      for (const c of counts) ctx.out(`  ${c.label}: ${c.count}`);
    });
  },
};

/** A fixture named by path, or by name in an app's fixtures/ folder (as Django looks in <app>/fixtures/). */
function findFixture(name: string): string {
  if (name === '-') return name;
  const direct = path.resolve(name);
  if (fs.existsSync(direct)) return direct;
  const candidates = installedAppLabels(projectRoot).flatMap((label) =>
    [name, `${name}.json`].map((n) => path.join(projectRoot, 'apps', label, 'fixtures', n)),
  );
  const found = candidates.filter((f) => fs.existsSync(f));
  if (found.length > 1) throw new CommandError(`Fixture "${name}" is ambiguous: ${found.map((f) => shown(f)).join(', ')}`);
  if (!found.length) throw new CommandError(`No fixture named "${name}" (looked for ${direct} and apps/*/fixtures/).`);
  return found[0];
}

function readFixture(file: string): unknown[] {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CommandError(`Cannot read fixture ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CommandError(`Fixture ${file === '-' ? '(stdin)' : shown(file)} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new CommandError(`Fixture ${shown(file)} must be a JSON list of {"model", "pk", "fields"} objects.`);
  return parsed;
}

/** `SRC=DEST` pairs; the key is lowercased when it names a model. */
function pairs(list: string[] | undefined, option: string, example: string): [string, string][] {
  return (list ?? []).map((item) => {
    const at = item.indexOf('=');
    if (at <= 0 || at === item.length - 1) throw new CommandError(`${option} expects ${example}; got "${item}"`, 2);
    return [item.slice(0, at).trim(), item.slice(at + 1).trim()];
  });
}

export function loadOptionsFrom(values: { map?: string[]; rename?: string[]; values?: string[]; exclude?: string[]; 'ignore-unknown'?: boolean }): LoadOptions {
  const map: Record<string, string> = {};
  for (const [src, dest] of pairs(values.map, '--map', 'SRC_APP.model=DEST_APP.model')) {
    if (!/^\w+\.\w+$/.test(src) || !/^\w+\.\w+$/.test(dest)) throw new CommandError(`--map expects app.model=app.model; got "${src}=${dest}"`, 2);
    map[src.toLowerCase()] = dest.toLowerCase();
  }
  const rename: Record<string, string> = {};
  for (const [src, dest] of pairs(values.rename, '--rename', 'SRC_APP.model.field=destField')) {
    const m = src.match(/^(\w+\.\w+)\.(\w+)$/);
    if (!m || !/^\w+$/.test(dest)) throw new CommandError(`--rename expects SRC_APP.model.field=destField; got "${src}=${dest}"`, 2);
    rename[`${m[1].toLowerCase()}.${m[2]}`] = dest;
  }
  const valueMaps: Record<string, Record<string, string>> = {};
  for (const [src, spec] of pairs(values.values, '--values', 'SRC_APP.model.field=from:to,from:to')) {
    const m = src.match(/^(\w+\.\w+)\.(\w+)$/);
    if (!m) throw new CommandError(`--values expects SRC_APP.model.field=from:to,…; got "${src}=${spec}"`, 2);
    const entries = spec.split(',').map((p) => p.split(':'));
    if (entries.some((e) => e.length !== 2)) throw new CommandError(`--values expects from:to pairs separated by commas; got "${spec}"`, 2);
    valueMaps[`${m[1].toLowerCase()}.${m[2]}`] = Object.fromEntries(entries.map(([from, to]) => [from.trim().toLowerCase(), to.trim()]));
  }
  return { map, rename, values: valueMaps, exclude: values.exclude, ignoreUnknown: Boolean(values['ignore-unknown']) };
}

export const loadDataCommand: Command = {
  description: "Load Django fixtures (JSON) all or nothing; --map/--rename/--values adapt another project's models and fields.",
  usage:
    '<file> [file…] [--map SRC=DEST]… [--rename SRC_MODEL.field=destField]… [--values SRC_MODEL.field=a:b,c:d]… [--ignore-unknown] [--exclude app[.model]]…',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      map: { type: 'string', multiple: true },
      rename: { type: 'string', multiple: true },
      values: { type: 'string', multiple: true },
      exclude: { type: 'string', short: 'e', multiple: true },
      'ignore-unknown': { type: 'boolean', short: 'i' },
    });
    if (!positionals.length) throw new CommandError('Usage: manage loaddata <file> [file…] [options]; see `manage loaddata --help`.', 2);
    const options: LoadOptions = { ...loadOptionsFrom(values), root: projectRoot };
    const files = positionals.map(findFixture);
    const perFile = files.map(readFixture);
    const records = perFile.flat();
    if (files.length > 1) {
      const starts = perFile.map((_, i) => perFile.slice(0, i).reduce((n, r) => n + r.length, 0));
      options.recordName = (index) => {
        const f = starts.findLastIndex((start) => start <= index);
        return `record ${index - starts[f] + 1} of ${shown(files[f])}`;
      };
    }
    return withDb(async (db) => {
      const result = await loadData(db as never, records, options).catch((err) => {
        const where = files.length === 1 ? ` '${files[0] === '-' ? '(stdin)' : shown(files[0])}'` : '';
        if (err instanceof FixtureError || err instanceof ModelLookupError) throw new CommandError(`Problem installing fixture${where}: ${err.message}. Nothing was loaded.`);
        throw err;
      });
      ctx.out(`Installed ${result.loaded} object(s) from ${files.length} fixture(s)${result.skipped ? ` (${result.skipped} excluded)` : ''}:`);
      for (const c of result.counts) ctx.out(`  ${c.label}: ${c.count}`);
      for (const d of result.dropped) {
        ctx.out(`Ignored ${d.fields.join(', ')} of ${d.records} ${d.label} record(s): derived fields are never loaded from a fixture; run \`${d.then}\` to derive them.`);
      }
    });
  },
};

export const flushCommand: Command = {
  description: 'Delete every row of every model (asks first unless --no-input); the schema and migration history stay.',
  usage: '[--no-input]',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { 'no-input': { type: 'boolean' } });
    if (positionals.length) throw new CommandError(`flush takes no arguments; got "${positionals.join(' ')}"`, 2);
    const target = settings().database;
    const where = target.provider === 'sqlite' ? target.file : redact(target.url);
    if (!values['no-input']) {
      requireInteractive(ctx, 'flush', 'pass --no-input to flush without asking');
      ctx.out(`You have requested a flush of the database. This will IRREVERSIBLY DESTROY all data in ${where}, and return each table to an empty state.`);
      if (!(await askYesNo('Are you sure you want to do this?'))) {
        ctx.out('Flush cancelled.');
        return 0;
      }
    }
    return withDb(async (db) => {
      const result = await lookup(() => flushData(db as never, { root: projectRoot }));
      ctx.out(`Flushed ${target.provider} database ${where}: deleted ${result.rows} row(s) from ${result.tables} model table(s).`);
    });
  },
};
