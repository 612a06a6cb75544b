// dumpdata, loaddata and flush: the commands around lib/manage/fixtures.ts.
import fs from 'node:fs';
import path from 'node:path';
import { constants as bufferConstants } from 'node:buffer';
import zlib from 'node:zlib';
import { CommandError, defineCommand } from '../../app';
import { dumpData, flushData, FixtureError, loadData, type LoadOptions } from '../fixtures';
import { fileRecords, FixtureFileError, installedFixtureFiles, namesFiles, ownersOf, putFiles, STORAGE_FILE_LABEL, takeFiles } from '../fixture-files';
import { ModelLookupError } from '../models';
import { projectRoot } from '../../schema';
import { installedAppFolders } from '../../registry/generate';
import { settings } from '../../settings';
import { DatabaseUrlError, parseDatabaseUrl, redact } from '../../database-url';
import type { Db } from '../../db';
import { askYesNo, requireInteractive, shown, withDb } from '../support';

/**
 * Tells a running server (same data/ token or MANIFOLD_REVALIDATE_TOKEN, PORT) that content changed. An empty change
 * means "anything may have changed": every worker clears its whole page cache and in-process data caches.
 */
async function tellServer(out: (line: string) => void) {
  const { notifyRunningServer } = await import('../../revalidation');
  if (await notifyRunningServer({ tags: [], paths: [] })) out('The running server refreshed its cached pages.');
}

const lookup = <T>(work: () => Promise<T>) =>
  work().catch((err) => {
    if (err instanceof ModelLookupError || err instanceof FixtureError) throw new CommandError(err.message);
    throw err;
  });

export const dumpDataCommand = defineCommand({
  description: "Write the database's records as a Django fixture (JSON) — all models, or the apps/models named.",
  arguments: [{ name: 'label', metavar: 'app[.Model]', variadic: true, optional: true, help: 'Dump only these apps or models (default: all).' }],
  options: {
    output: { type: 'string', short: 'o', metavar: 'FILE', help: 'Write to FILE instead of standard output.' },
    indent: { type: 'integer', min: 0, max: 10, help: 'Indent the JSON by N spaces (default: one line).' },
    exclude: { type: 'string', short: 'e', multiple: true, metavar: 'app[.Model]', help: 'Leave out an app or a model.' },
    'include-derived': { type: 'boolean', help: 'Also write derived fields (compiled output, search text), which loaddata recomputes anyway.' },
    'no-files': { type: 'boolean', help: 'Leave out the files the rows name in the media storage (uploads, model library files), which are carried as storage.file records by default.' },
  },
  async run(values, ctx) {
    const { indent } = values;
    return withDb(async (db) => {
      const { records, counts } = await lookup(() => dumpData(db, { only: values.label, exclude: values.exclude, root: projectRoot, includeDerived: values.includeDerived }));
      // The files the rows name (uploads, model library files) travel in the fixture, so a site moves whole.
      const apps = values.noFiles ? [] : await installedFixtureFiles();
      if (namesFiles(records, apps)) {
        const files = await fileRecords(records, apps);
        for (const key of files.missing) ctx.err(`Warning: ${key} is named by a row but missing from the media storage; not in the dump.`);
        records.push(...files.records);
        if (files.records.length) counts.push({ label: STORAGE_FILE_LABEL, count: files.records.length });
      }
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
});

const EXTENSIONS = ['', ...['.json', '.yaml', '.yml'].flatMap((ext) => [ext, `${ext}.gz`, `${ext}.bz2`, `${ext}.xz`])];

/** A fixture named by path, or by name in an app's fixtures/ folder (as Django looks in <app>/fixtures/). */
function findFixture(name: string): string {
  if (name === '-') return name;
  const direct = path.resolve(name);
  if (fs.existsSync(direct)) return direct;
  const candidates = installedAppFolders(projectRoot).flatMap(({ dir }) => EXTENSIONS.map((ext) => path.join(dir, 'fixtures', `${name}${ext}`)));
  const found = candidates.filter((f) => fs.existsSync(f));
  if (found.length > 1) throw new CommandError(`Fixture "${name}" is ambiguous: ${found.map((f) => shown(f)).join(', ')}`);
  if (!found.length) throw new CommandError(`No fixture named "${name}" (looked for ${direct} and each installed app's fixtures/).`);
  return found[0];
}

/** All of stdin. readFileSync(0) fails with EAGAIN once a pipe holds more than it can hand over at once. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type Format = 'json' | 'yaml';
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

/** Collects a decompressor's output, stopping past `limit` bytes (a decompression bomb goes no further). */
async function collect(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) throw new Error(`it unpacks to more than ${limit} bytes`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** bzip2 through unbzip2-stream (pure JS; a classic `through` stream, so events rather than async iteration). */
async function bunzip(bytes: Buffer, limit: number): Promise<Buffer> {
  const { default: unbzip2 } = await import('unbzip2-stream');
  const stream = unbzip2();
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      stream.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(new Error(`it unpacks to more than ${limit} bytes`));
      else if (!done) parts.push(chunk);
    });
    stream.on('error', fail);
    stream.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(parts));
    });
    try {
      // Some corrupt blocks make write() throw rather than emit.
      stream.end(bytes);
    } catch (err) {
      fail(err);
    }
  });
}

/** xz through xz-decompress (xz-embedded compiled to WebAssembly: no native build). */
async function unxz(bytes: Buffer, limit: number): Promise<Buffer> {
  const { XzReadableStream } = await import('xz-decompress');
  const stream = new XzReadableStream(new Blob([new Uint8Array(bytes)]).stream());
  return collect(stream as unknown as AsyncIterable<Uint8Array>, limit);
}

const COMPRESSIONS = [
  { name: 'gzip', magic: Buffer.from([0x1f, 0x8b]), unpack: async (b: Buffer, limit: number) => zlib.gunzipSync(b, { maxOutputLength: limit }) },
  { name: 'bzip2', magic: Buffer.from('BZh', 'latin1'), unpack: bunzip },
  { name: 'xz', magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), unpack: unxz },
];

/** xz-embedded's return codes (xz.h), which xz-decompress reports by number. */
const XZ_ERRORS: Record<string, string> = {
  '2': 'its integrity check type is not supported',
  '3': 'out of memory',
  '4': 'it needs more memory than allowed',
  '5': 'it is not an xz stream',
  '6': 'it uses unsupported options',
  '7': 'the compressed data is corrupt',
  '8': 'the compressed data is truncated or corrupt',
};

/** A decoder's failure in words: its own message, or (a decoder tripping over bad input) "truncated or corrupt". */
function decoderWhy(err: unknown): string {
  if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return `it unpacks to more than ${MAX_STRING_LENGTH} bytes`;
  if (err instanceof TypeError || err instanceof RangeError) return 'the compressed data is truncated or corrupt';
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const xz = message.match(/failed with error code (\d+)/);
  if (xz) return XZ_ERRORS[xz[1]] ?? message;
  return message.replace(/^Error in bzip2: /, '');
}

/** Unpacks gzip (node:zlib), bzip2 and xz, told apart by their first bytes, whatever the file is called. */
async function unpack(bytes: Buffer, label: string): Promise<Buffer> {
  const kind = COMPRESSIONS.find((c) => bytes.length >= c.magic.length && bytes.subarray(0, c.magic.length).equals(c.magic));
  if (!kind) return bytes;
  try {
    // Past the longest string V8 can hold the text could not be parsed anyway; a bomb stops here.
    return await kind.unpack(bytes, MAX_STRING_LENGTH);
  } catch (err) {
    throw new CommandError(`Fixture ${label} is not valid ${kind.name}: ${decoderWhy(err)}. Nothing was loaded.`);
  }
}

const FORMAT_BY_NAME = /\.ya?ml(\.(gz|bz2|xz))?$/i;

async function readFixture(file: string, forced?: Format): Promise<unknown[]> {
  const label = file === '-' ? '(stdin)' : shown(file);
  if (file !== '-' && /\.(lzma|zip|7z)$/i.test(file)) {
    const tool = /\.lzma$/i.test(file) ? 'xz -dk' : /\.7z$/i.test(file) ? '7z x' : 'unzip';
    throw new CommandError(`Fixture ${label}: loaddata reads .json, .yaml/.yml and their .gz, .bz2 and .xz; unpack this one first (${tool} ${label}) and load the result.`);
  }
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStdin() : fs.readFileSync(file);
  } catch (err) {
    throw new CommandError(`Cannot read fixture ${label}: ${(err as Error).message}`);
  }
  const text = (await unpack(bytes, label)).toString('utf8');
  const format: Format = forced ?? (FORMAT_BY_NAME.test(file) ? 'yaml' : 'json');
  let parsed: unknown;
  try {
    if (format === 'yaml') {
      const { parse } = await import('yaml');
      // YAML 1.2's core schema: timestamps stay text (read by the field's type), aliases are capped against expansion bombs.
      parsed = parse(text, { schema: 'core', maxAliasCount: 100, uniqueKeys: true });
    } else {
      parsed = JSON.parse(text);
    }
  } catch (err) {
    throw new CommandError(`Fixture ${label} is not valid ${format === 'yaml' ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(parsed)) throw new CommandError(`Fixture ${label} must be a list of {"model", "pk", "fields"} objects.`);
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

export function loadOptionsFrom(values: { map?: string[]; rename?: string[]; values?: string[]; exclude?: string[]; app?: string[]; ignoreUnknown?: boolean; strict?: boolean }): LoadOptions {
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
  const apps = (values.app ?? []).map((a) => a.trim().toLowerCase());
  const badApp = apps.find((a) => !/^\w+$/.test(a));
  if (badApp !== undefined) throw new CommandError(`--app expects an app label (blog, accounts, …); got "${badApp}"`, 2);
  return { map, rename, values: valueMaps, exclude: values.exclude, apps, ignoreUnknown: Boolean(values.ignoreUnknown), strict: Boolean(values.strict) };
}

/** The database --database names instead of DATABASE_URL; the client is ours to disconnect. */
async function withTarget<T>(url: string | undefined, work: (db: Db) => Promise<T>): Promise<T> {
  if (url === undefined) return withDb(work);
  let target;
  try {
    target = parseDatabaseUrl(url);
  } catch (err) {
    if (err instanceof DatabaseUrlError) throw new CommandError(`--database: ${err.message}`, 2);
    throw err;
  }
  const { createDb } = await import('../../db');
  const db = createDb(target);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

export const loadDataCommand = defineCommand({
  description:
    "Load Django fixtures (JSON, YAML, .gz/.bz2/.xz; - for stdin) all or nothing, then tell a running server to refresh; --map/--rename/--values adapt another project's models and fields; options that match nothing warn (fail with --strict).",
  arguments: [{ name: 'fixture', metavar: 'file|-', variadic: true, help: 'A fixture file, a fixture name in an app\'s fixtures/ folder, or - for standard input.' }],
  options: {
    map: { type: 'string', multiple: true, metavar: 'SRC=DEST', help: "Read another project's model as one of ours: blog.entry=blog.post." },
    rename: { type: 'string', multiple: true, metavar: 'SRC_MODEL.field=destField', help: 'Read a field under another name: blog.entry.body=source.' },
    values: { type: 'string', multiple: true, metavar: 'SRC_MODEL.field=a:b,c:d', help: "Translate a field's values: blog.entry.is_draft=true:draft,false:published." },
    exclude: { type: 'string', short: 'e', multiple: true, metavar: 'app[.model]', help: 'Skip the records of an app or model.' },
    app: { type: 'string', multiple: true, metavar: 'label', help: 'Load only the records of this app.' },
    'ignore-unknown': { type: 'boolean', short: 'i', help: 'Drop fields our models do not have instead of failing.' },
    strict: { type: 'boolean', help: 'Fail (and load nothing) when an option matches no record.' },
    database: { type: 'string', metavar: 'URL', help: 'Load into this database instead of DATABASE_URL\'s.' },
    format: { type: 'string', choices: ['json', 'yaml'], help: 'The format of standard input or of a file whose name does not say (default: from the extension, else json).' },
    verbosity: { type: 'integer', short: 'v', choices: [0, 1, 2, 3], default: 1, help: '0 silent, 1 a summary, 2 counts per model, 3 every record.' },
    'dry-run': { type: 'boolean', help: 'Parse, map, check and write everything inside the transaction, then roll it back: prints what would be installed per model and every warning; the database is left as it was.' },
    'body-format': {
      type: 'string',
      choices: ['markdown', 'mdx'],
      help: "The format of the loaded posts' bodies (Post.format), over what the records say. Without it a post record's own format field is kept, otherwise mdx.",
    },
  },
  async run(values, ctx) {
    const positionals = values.fixture;
    const { verbosity } = values;
    const { siteConfig } = await import('@site/site.config');
    const options: LoadOptions = {
      ...loadOptionsFrom(values),
      root: projectRoot,
      timeZone: (siteConfig as { timeZone?: string }).timeZone,
      onWarning: (line) => verbosity > 0 && ctx.err(line),
      dryRun: Boolean(values.dryRun),
      ...(values.bodyFormat ? { override: { 'blog.post': { format: values.bodyFormat } } } : {}),
    };
    const files = positionals.map(findFixture);
    const perFile: unknown[][] = [];
    for (const f of files) perFile.push(await readFixture(f, values.format));
    // Files carried as storage.file records are put in the media storage once the rows are in.
    let carried: ReturnType<typeof takeFiles>;
    try {
      carried = takeFiles(perFile.flat());
      // Every carried file must belong to an installed app before any row is loaded.
      if (carried.files.length) ownersOf(carried.files, await installedFixtureFiles());
    } catch (err) {
      if (err instanceof FixtureFileError) throw new CommandError(`Problem installing fixture: ${err.message}. Nothing was loaded.`);
      throw err;
    }
    const records = carried.rows;
    if (files.length > 1) {
      const starts = perFile.map((_, i) => perFile.slice(0, i).reduce((n, r) => n + r.length, 0));
      options.recordName = (index) => {
        const f = starts.findLastIndex((start) => start <= index);
        return `record ${index - starts[f] + 1} of ${shown(files[f])}`;
      };
    }
    // A bar only for people watching a large load; logs and pipes get the summary alone.
    let bar: import('cli-progress').SingleBar | undefined;
    if (verbosity === 3) options.onRecord = (done, total, describe) => ctx.out(`  ${describe}`);
    else if (verbosity > 0 && process.stdout.isTTY && records.length >= 1000) {
      const { SingleBar, Presets } = await import('cli-progress');
      bar = new SingleBar({ format: 'Loading [{bar}] {value}/{total} records', stream: process.stdout, clearOnComplete: true }, Presets.shades_classic);
      options.onRecord = (done, total) => {
        if (done === 1) bar!.start(total, 0);
        bar!.update(done);
      };
    }
    return withTarget(values.database, async (db) => {
      const result = await loadData(db as never, records, options)
        .catch((err) => {
          const where = files.length === 1 ? ` '${files[0] === '-' ? '(stdin)' : shown(files[0])}'` : '';
          if (err instanceof FixtureError || err instanceof ModelLookupError) throw new CommandError(`Problem installing fixture${where}: ${err.message}. Nothing was loaded.`);
          throw err;
        })
        .finally(() => bar?.stop());
      const dryRun = Boolean(values.dryRun);
      let filesWritten = 0;
      if (carried.files.length && !dryRun) {
        try {
          filesWritten = await putFiles(carried.files, await installedFixtureFiles());
        } catch (err) {
          throw new CommandError(`The rows were loaded, but a file could not be put in the media storage: ${(err as Error).message}. Load the fixture again once the storage answers.`);
        }
      }
      // Whatever was loaded may be on any cached page (a sidebar count, a neighbour's title): the server purges all.
      const tell = !dryRun && result.loaded > 0 ? () => tellServer(verbosity > 0 ? ctx.out : () => {}) : async () => {};
      if (verbosity === 0) return tell();
      if (carried.files.length) ctx.out(`${dryRun ? 'Would put' : 'Put'} ${dryRun ? carried.files.length : filesWritten} file(s) in the media storage${dryRun ? '' : ` (${carried.files.length - filesWritten} already there)`}.`);
      const perModel = verbosity > 1 || dryRun;
      ctx.out(`${dryRun ? 'Would install' : 'Installed'} ${result.loaded} object(s) from ${files.length} fixture(s)${result.skipped ? ` (${result.skipped} excluded)` : ''}${perModel ? ':' : '.'}`);
      if (perModel) for (const c of result.counts) ctx.out(`  ${c.label}: ${c.count}`);
      for (const i of result.ignored) ctx.out(`${i.label}: ${dryRun ? 'would drop' : 'dropped'} ${i.fields.map((f) => `${f.name} (${f.count})`).join(', ')} (--ignore-unknown)`);
      for (const d of result.dropped) {
        ctx.out(`Ignored ${d.fields.join(', ')} of ${d.records} ${d.label} record(s): derived fields are never loaded from a fixture; run \`${d.then}\` to derive them.`);
      }
      if (dryRun) ctx.out('Dry run: everything was checked and rolled back; the database is unchanged.');
      await tell();
    });
  },
});

export const flushCommand = defineCommand({
  description: 'Delete every row of every model (asks first unless --no-input); the schema and migration history stay.',
  options: { 'no-input': { type: 'boolean', help: 'Do not ask; flush.' } },
  async run(values, ctx) {
    const target = settings().database;
    const where = target.provider === 'sqlite' ? target.file : redact(target.url);
    if (!values.noInput) {
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
      // As Django's flush re-emits post_migrate: the permissions and built-in groups are back before anyone signs in.
      const { runPostMigrate } = await import('../post-migrate');
      await runPostMigrate(db, ctx.out);
      await tellServer(ctx.out);
    });
  },
});
