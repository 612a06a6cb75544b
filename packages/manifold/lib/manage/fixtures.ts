// Django fixtures in and out: dumpdata's `[{"model": "blog.post", "pk": 1, "fields": {...}}]`, loaddata (our own
// dumps and other Django projects' through label/field maps), and flush. Everything works from the model
// registry (lib/manage/models.ts), so a model an app adds needs no code here.
import { DbNull } from '@prisma/client/runtime/client';
import { delegateOf, describeModels, selectModels, type FieldInfo, type ForeignKey, type ModelInfo, type ModelRegistry } from './models';
import { providerOf } from '../db-provider';

export interface FixtureRecord {
  model: string;
  pk: unknown;
  fields: Record<string, unknown>;
}

export class FixtureError extends Error {}

type Client = object & {
  $transaction<T>(fn: (tx: never) => Promise<T>, opts?: { timeout?: number; maxWait?: number }): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
};

/** A transaction long enough for a large fixture (Prisma's default is 5 s). */
const TX_OPTIONS = { timeout: 10 * 60_000, maxWait: 60_000 };

// ---- dumpdata

function serialize(value: unknown, field: FieldInfo): unknown {
  if (value === null || value === undefined) return null;
  if (field.isList && Array.isArray(value)) return value.map((v) => serialize(v, { ...field, isList: false }));
  switch (field.type) {
    case 'DateTime':
      return (value as Date).toISOString();
    case 'BigInt': {
      const n = value as bigint;
      return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n.toString();
    }
    case 'Decimal':
      return String(value);
    case 'Bytes':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

export interface DumpOptions {
  /** `app` or `app.Model`; all models when empty. */
  only?: string[];
  exclude?: string[];
  root?: string;
  /** Also write fields marked `// derived:` in models.prisma (compiled output and the like); left out by default. */
  includeDerived?: boolean;
}

export interface DumpResult {
  records: FixtureRecord[];
  counts: { label: string; count: number }[];
}

export async function dumpData(client: object, opts: DumpOptions = {}): Promise<DumpResult> {
  const registry = describeModels(client, opts.root);
  let models = opts.only?.length ? selectModels(registry, opts.only) : registry.models;
  if (opts.exclude?.length) {
    const excluded = new Set(selectModels(registry, opts.exclude));
    models = models.filter((m) => !excluded.has(m));
  }
  const records: FixtureRecord[] = [];
  const counts: DumpResult['counts'] = [];
  for (const [model, rows] of await readSnapshot(client, registry, models)) {
    counts.push({ label: model.label, count: rows.length });
    for (const row of rows) {
      const record = toRecord(registry, model, row);
      // What people wrote, not what the app computes from it: a load and `blog recompile` derive it again.
      if (!opts.includeDerived) for (const f of model.fields) if (f.derived) delete record.fields[f.name];
      records.push(record);
    }
  }
  return { records, counts };
}

/** How long one dump's read transaction may stay open (a big site's dump reads every row once). */
const DUMP_TRANSACTION_MS = 30 * 60_000;

/**
 * Every model's rows as of one moment, so a dump of a busy site is consistent (no revision of a post created after the
 * posts were read): one read transaction, REPEATABLE READ on PostgreSQL, a deferred one on SQLite (WAL gives it a
 * snapshot at its first read while writers carry on). Writers are never blocked: nothing here takes a write lock.
 * A client without $transaction (a test double) is read model by model.
 */
async function readSnapshot(client: object, registry: ModelRegistry, models: ModelInfo[]): Promise<[ModelInfo, Record<string, unknown>[]][]> {
  const readAll = async (reader: object) => {
    const out: [ModelInfo, Record<string, unknown>[]][] = [];
    for (const model of models) out.push([model, await readRows(reader, registry, model)]);
    return out;
  };
  const transactional = client as { $transaction?: (fn: (tx: object) => Promise<unknown>, opts: object) => Promise<unknown> };
  if (typeof transactional.$transaction !== 'function') return readAll(client);
  const postgres = providerOf(client) === 'postgresql';
  return (await transactional.$transaction(readAll, { timeout: DUMP_TRANSACTION_MS, maxWait: 30_000, ...(postgres ? { isolationLevel: 'RepeatableRead' } : {}) })) as [ModelInfo, Record<string, unknown>[]][];
}

async function readRows(client: object, registry: ModelRegistry, model: ModelInfo): Promise<Record<string, unknown>[]> {
  const select: Record<string, unknown> = {};
  for (const f of model.fields) if (f.kind === 'scalar' || f.kind === 'enum') select[f.name] = true;
  for (const m2m of model.manyToMany) {
    if (!m2m.dumped) continue;
    const targetPk = registry.byName.get(m2m.target)!.pk!.name;
    select[m2m.field.name] = { select: { [targetPk]: true }, orderBy: { [targetPk]: 'asc' } };
  }
  return delegateOf(client, model).findMany({ select, orderBy: model.idFields.map((f) => ({ [f]: 'asc' })) });
}

function toRecord(registry: ModelRegistry, model: ModelInfo, row: Record<string, unknown>): FixtureRecord {
  const fkScalars = new Set(model.foreignKeys.flatMap((fk) => fk.from.map((f) => f.name)));
  const fields: Record<string, unknown> = {};
  for (const f of model.fields) {
    if (f === model.pk) continue;
    if (f.kind === 'object') {
      const fk = model.foreignKeys.find((k) => k.field === f);
      if (fk) {
        const values = fk.from.map((s) => serialize(row[s.name], s));
        fields[f.name] = values.length === 1 ? values[0] : values.every((v) => v === null) ? null : values;
        continue;
      }
      const m2m = model.manyToMany.find((m) => m.field === f && m.dumped);
      if (m2m) {
        const targetPk = registry.byName.get(m2m.target)!.pk!.name;
        fields[f.name] = (row[f.name] as Record<string, unknown>[]).map((r) => r[targetPk]);
      }
      continue;
    }
    if (fkScalars.has(f.name) || f.kind === 'unsupported') continue;
    fields[f.name] = serialize(row[f.name], f);
  }
  return { model: model.label, pk: model.pk ? serialize(row[model.pk.name], model.pk) : null, fields };
}

// ---- loaddata

export interface LoadOptions {
  /** Source model label → destination label (`blog.entry` → `blog.post`), lowercase. */
  map?: Record<string, string>;
  /** `<source label>.<source field>` → destination field. */
  rename?: Record<string, string>;
  /** `<source label>.<source field>` → { source value (as text, lowercase) → value to load }. */
  values?: Record<string, Record<string, string>>;
  ignoreUnknown?: boolean;
  /** Source labels or app labels whose records are skipped. */
  exclude?: string[];
  /** App labels (source or destination) whose records alone are loaded; the rest count as skipped. */
  apps?: string[];
  /** The IANA zone a datetime without an offset is read in (Django's TIME_ZONE with USE_TZ); UTC when unset. */
  timeZone?: string;
  /** --map/--rename/--values entries that match nothing in the fixture fail the load instead of only warning. */
  strict?: boolean;
  /** Told each warning (an option that matched nothing) before anything is loaded. */
  onWarning?: (message: string) => void;
  /** Told after each record is written (for a progress bar or -v 3). */
  onRecord?: (done: number, total: number, describe: string) => void;
  root?: string;
  /** Values set on every loaded record of a model, over what the fixture says: { 'blog.post': { format: 'markdown' } }. */
  override?: Record<string, Record<string, unknown>>;
  /** Do everything (map, validate, write in the transaction), then roll back: the result says what would be loaded. */
  dryRun?: boolean;
  /** How to name the record at an index in messages ("record 3" unless given; say which file when there are several). */
  recordName?: (index: number) => string;
}

export interface LoadResult {
  loaded: number;
  skipped: number;
  counts: { label: string; count: number }[];
  /** Fields --ignore-unknown left out, by source → destination model, with how many records gave each. */
  ignored: { label: string; fields: { name: string; count: number }[] }[];
  /** Derived fields the fixture gave and loaddata ignored, by model, with the command that derives them again. */
  dropped: { label: string; fields: string[]; records: number; then: string }[];
}

/**
 * Fields no fixture may set: app code derives them from other fields (a post's compiled output, table of contents,
 * embed list and search text from its source), and a stored post output is never taken from outside: it is only
 * ever what our compiler made. loaddata drops them, says so, and names the command that derives them again.
 * Keyed by model label so lib/ imports no app; readingMinutes is left loadable (a number, recomputed anyway).
 */
const DERIVED_FIELDS: Readonly<Record<string, { fields: readonly string[]; then: string }>> = {
  'blog.post': { fields: ['compiledCode', 'toc', 'embeds', 'searchText', 'compileError'], then: 'npm run manage -- blog recompile' },
  // A comment's HTML goes into pages as is: only ever what the comments app rendered from the Markdown.
  'comments.comment': { fields: ['html'], then: 'npm run manage -- comments render' },
};

/** Slugs end up in URLs and file names; a fixture's must match what the app itself accepts (apps/blog/content.ts). */
const SLUG_PATTERN = /^[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*$/u;
const SLUGGED_MODELS = new Set(['blog.post', 'blog.category']);

interface Prepared {
  index: number;
  describe: string;
  model: ModelInfo;
  pk: unknown;
  data: Record<string, unknown>;
  /** Foreign keys given, by relation field name: the values of its `from` fields. */
  refs: Map<ForeignKey, unknown[]>;
  m2m: Map<string, unknown[]>;
  /** The values of @updatedAt fields the fixture gives, re-applied by later updates so they survive them. */
  keep: Record<string, unknown>;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** A value as the fixture wrote it, for one line of an error: strings quoted, lists and objects as JSON, long ones cut. */
const show = (v: unknown) => {
  let text = String(v);
  if (typeof v === 'string' || (typeof v === 'object' && v !== null && !(v instanceof Date))) {
    try {
      text = JSON.stringify(v);
    } catch {
      // A YAML alias can make a list contain itself (`&a [1, *a]`): JSON cannot say it, String() can.
    }
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** Turns a JSON value into what the destination field stores, or explains why it cannot. */
export function convertValue(value: unknown, field: FieldInfo, enums: Map<string, string[]>, timeZone?: string): unknown {
  if (value === null || value === undefined) {
    if (field.isRequired && !field.isList) throw new Error('null is not allowed (the field is required)');
    return field.type === 'Json' ? DbNull : null;
  }
  if (field.isList && field.kind !== 'object') {
    if (!Array.isArray(value)) throw new Error(`expected a list, got ${show(value)}`);
    return value.map((v) => convertValue(v, { ...field, isList: false, isRequired: true }, enums, timeZone));
  }
  if (field.kind === 'enum') {
    const allowed = enums.get(field.type) ?? [];
    if (typeof value !== 'string' || !allowed.includes(value)) throw new Error(`${show(value)} is not one of ${allowed.join(', ')}`);
    return value;
  }
  // JSON.parse has already rounded such a number; storing it would change the value without a word.
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && ['String', 'BigInt', 'Decimal'].includes(field.type)) {
    throw new Error(`${show(value)} is beyond 2^53 (Number.MAX_SAFE_INTEGER), so reading the fixture already rounded it; write it as a string to keep it exact`);
  }
  switch (field.type) {
    case 'String':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new Error(`expected text, got ${JSON.stringify(value)}`);
    case 'Int': {
      const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error(`${show(value)} is not an integer`);
      if (n > 2147483647 || n < -2147483648) throw new Error(`${n} does not fit in a 32-bit Int`);
      return n;
    }
    case 'BigInt':
      if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))) return BigInt(String(value).trim());
      throw new Error(`${show(value)} is not an integer`);
    case 'Float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n)) throw new Error(`${show(value)} is not a number`);
      return n;
    }
    case 'Decimal':
      if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))) return String(value).trim();
      throw new Error(`${show(value)} is not a decimal number`);
    case 'Boolean': {
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 0) return value === 1;
      const s = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (['true', '1', 't', 'yes', 'y', 'on'].includes(s)) return true;
      if (['false', '0', 'f', 'no', 'n', 'off'].includes(s)) return false;
      throw new Error(`${show(value)} is not a boolean (use true/false, 1/0)`);
    }
    case 'DateTime':
      return parseDateTime(value, timeZone);
    case 'Json':
      return value;
    case 'Bytes':
      if (typeof value === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(value)) return Buffer.from(value, 'base64');
      throw new Error('expected base64 text');
    default:
      throw new Error(`fields of type ${field.type} cannot be loaded from a fixture`);
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * ISO 8601 as Django writes it: "2020-02-16T15:15:00+09:00", "…Z", "…​.123Z", or a bare date (a DateField,
 * midnight UTC). A datetime without an offset is read in `timeZone` (the site's), as Django with USE_TZ reads a
 * naive datetime in TIME_ZONE; in UTC when no zone is given.
 */
export function parseDateTime(value: unknown, timeZone?: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const m = typeof value === 'string' ? value.trim().match(ISO) : null;
  if (!m) throw new Error(`${show(value)} is not an ISO 8601 datetime (expected e.g. "2020-02-16T15:15:00+09:00")`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', given] = m;
  const zone = given ?? 'Z';
  const ms = Number((frac + '000').slice(0, 3));
  // setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999.
  const check = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  check.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  const local = check.getTime();
  if (
    check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) ||
    Number(h) > 23 || Number(mi) > 59 || Number(s) > 59
  ) {
    throw new Error(`${show(value)} is not a valid date`);
  }
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    const [oh, om] = [Number(z.slice(1, 3)), Number(z.slice(3, 5))];
    offset = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
    // Real offsets run from -12:00 to +14:00; anything else is a typo that would move the time silently.
    if (om > 59 || offset > 14 * 60 || offset < -12 * 60) throw new Error(`${show(value)} has UTC offset ${zone}, which no place uses (-12:00 to +14:00)`);
  }
  if (!given && m[4] !== undefined && timeZone) return fromWallClock(local, timeZone);
  return new Date(local - offset * 60_000);
}

/** Minutes `timeZone` is ahead of UTC at the instant `utc`. */
function zoneOffset(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utc));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const wall = new Date(0);
  wall.setUTCFullYear(n('year'), n('month') - 1, n('day'));
  wall.setUTCHours(n('hour'), n('minute'), n('second'), 0);
  return Math.round((wall.getTime() - (utc - (((utc % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * The instant a wall-clock time (given as if it were UTC) names in `timeZone`, as Django reads it (fold=0): a time
 * that a DST jump skips moves forward by the jump (02:30 → 03:30), and a time that occurs twice is the first one.
 * The zone's offsets a day either side are the candidates (no zone changes twice within two days).
 */
function fromWallClock(wall: number, timeZone: string): Date {
  const before = zoneOffset(wall - 86_400_000, timeZone);
  const after = zoneOffset(wall + 86_400_000, timeZone);
  const valid = [before, after].map((offset) => wall - offset * 60_000).filter((t) => wall - t === zoneOffset(t, timeZone) * 60_000);
  return new Date(valid.length ? Math.min(...valid) : wall - before * 60_000);
}

function describeRecord(opts: LoadOptions, index: number, srcLabel: string, pk: unknown, dest?: ModelInfo) {
  const mapped = dest && dest.label !== srcLabel ? ` → ${dest.label}` : '';
  return `${srcLabel}${mapped} pk=${pk === undefined || pk === null ? '(none)' : show(pk)} (${opts.recordName?.(index) ?? `record ${index + 1}`})`;
}

function prepare(registry: ModelRegistry, raw: unknown[], opts: LoadOptions): { prepared: Prepared[]; skipped: number; dropped: LoadResult['dropped'] } {
  const prepared: Prepared[] = [];
  let skipped = 0;
  const dropped = new Map<string, { fields: Set<string>; records: number }>();
  const excluded = (opts.exclude ?? []).map((e) => e.toLowerCase());
  raw.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item) || typeof (item as FixtureRecord).model !== 'string') {
      throw new FixtureError(`${opts.recordName?.(index) ?? `record ${index + 1}`}: expected {"model": "app.model", "pk": ..., "fields": {...}}`);
    }
    const rec = item as FixtureRecord;
    const srcLabel = rec.model.toLowerCase();
    if (excluded.includes(srcLabel) || excluded.includes(srcLabel.split('.')[0])) {
      skipped++;
      return;
    }
    const destLabel = opts.map?.[srcLabel] ?? srcLabel;
    if (opts.apps?.length && !opts.apps.includes(srcLabel.split('.')[0]) && !opts.apps.includes(destLabel.split('.')[0])) {
      skipped++;
      return;
    }
    const model = registry.byLabel.get(destLabel);
    if (!model) {
      const hint = opts.map?.[srcLabel] ? `--map sends it to "${destLabel}", which is not a model` : 'map it with --map SRC=DEST or skip it with --exclude';
      throw new FixtureError(`${describeRecord(opts, index, srcLabel, rec.pk)}: unknown model "${rec.model}"; ${hint}. Models: ${registry.models.map((m) => m.label).join(', ')}`);
    }
    const where = describeRecord(opts, index, srcLabel, rec.pk, model);
    const fail = (field: string | null, why: string): never => {
      throw new FixtureError(`${where}${field ? `, field "${field}"` : ''}: ${why}`);
    };
    const out: Prepared = { index, describe: where, model, pk: undefined, data: {}, refs: new Map(), m2m: new Map(), keep: {} };
    if (model.pk) {
      if (rec.pk !== null && rec.pk !== undefined) {
        try {
          out.pk = convertValue(rec.pk, model.pk, registry.enums, opts.timeZone);
        } catch (err) {
          fail(null, `pk: ${(err as Error).message}`);
        }
      }
    }
    const fields = rec.fields ?? {};
    if (typeof fields !== 'object' || Array.isArray(fields)) fail(null, '"fields" must be an object');
    const given = new Map<string, string>();
    const derived = DERIVED_FIELDS[model.label]?.fields;
    let droppedHere = false;
    for (const [srcField, rawValue] of Object.entries(fields)) {
      const key = `${srcLabel}.${srcField}`;
      const renamed = opts.rename?.[key];
      const destName = renamed ?? [srcField, camel(srcField)].find((n) => model.field.has(n));
      const field = destName ? model.field.get(destName) : undefined;
      const name = srcField === destName || !destName ? srcField : `${srcField}" → "${destName}`;
      if (!field) {
        if (renamed) fail(srcField, `--rename sends it to "${renamed}", which is not a field of ${model.label}`);
        if (opts.ignoreUnknown) { noteIgnored(opts, model === registry.byLabel.get(srcLabel) ? srcLabel : `${srcLabel} → ${model.label}`, srcField); continue; }
        const known = model.fields.filter((f) => f !== model.pk && (f.kind !== 'object' || model.foreignKeys.some((k) => k.field === f) || model.manyToMany.some((m) => m.field === f))).map((f) => f.name);
        fail(srcField, `${model.label} has no such field (fields: ${known.join(', ')}); rename it with --rename ${key}=<field> or pass --ignore-unknown`);
        continue;
      }
      if (derived?.includes(field.name)) {
        const d = dropped.get(model.label) ?? { fields: new Set<string>(), records: 0 };
        d.fields.add(field.name);
        if (!droppedHere) d.records++;
        droppedHere = true;
        dropped.set(model.label, d);
        continue;
      }
      if (given.has(field.name)) fail(srcField, `both "${given.get(field.name)}" and "${srcField}" load into ${model.label}.${field.name}`);
      given.set(field.name, srcField);
      let value = rawValue;
      const valueMap = opts.values?.[key];
      if (valueMap && value !== null && value !== undefined) {
        const replacement = valueMap[String(value).toLowerCase()];
        if (replacement === undefined) fail(name, `${show(value)} has no entry in --values ${key}`);
        value = replacement;
      }
      try {
        if (field.kind === 'object') {
          const fk = model.foreignKeys.find((k) => k.field === field);
          const m2m = model.manyToMany.find((m) => m.field === field);
          if (fk) {
            const parts = fk.from.length === 1 ? [value] : value === null ? fk.from.map(() => null) : value;
            if (fk.from.length === 1 && Array.isArray(value)) throw new Error('natural keys are not supported; dump the source with primary keys (without --natural-foreign)');
            if (!Array.isArray(parts) || parts.length !== fk.from.length) throw new Error(`expected ${fk.from.length} values`);
            const converted = fk.from.map((f, i) => convertValue(parts[i], f, registry.enums, opts.timeZone));
            fk.from.forEach((f, i) => (out.data[f.name] = converted[i]));
            if (converted.every((v) => v !== null)) out.refs.set(fk, converted);
          } else if (m2m) {
            if (!Array.isArray(value)) throw new Error(`expected a list of ${m2m.target} primary keys`);
            const targetPk = registry.byName.get(m2m.target)!.pk!;
            out.m2m.set(field.name, value.map((v) => {
              if (Array.isArray(v)) throw new Error('natural keys are not supported; dump the source with primary keys');
              return convertValue(v, { ...targetPk, isList: false }, registry.enums, opts.timeZone);
            }));
          } else {
            throw new Error(`this is the reverse side of a relation; load it through ${field.type} instead`);
          }
        } else if (field === model.pk) {
          const v = convertValue(value, field, registry.enums, opts.timeZone);
          if (out.pk !== undefined && String(out.pk) !== String(v)) throw new Error(`says ${show(v)} but the record's pk is ${show(out.pk)}`);
          out.pk = v;
        } else {
          out.data[field.name] = convertValue(value, field, registry.enums, opts.timeZone);
          const chosen = out.data[field.name];
          if (field.choices && chosen !== null && !field.choices.includes(String(chosen))) tallyOf(opts).offChoice.push({ where, field: name, label: `${srcLabel}.${srcField}`, value: chosen, choices: field.choices });
          const fk = model.foreignKeys.find((k) => k.from.length === 1 && k.from[0] === field);
          if (fk && out.data[field.name] !== null) out.refs.set(fk, [out.data[field.name]]);
          if (field.isUpdatedAt) out.keep[field.name] = out.data[field.name];
        }
      } catch (err) {
        if (err instanceof FixtureError) throw err;
        fail(name, (err as Error).message);
      }
    }
    for (const f of model.fields) {
      if (f.kind === 'object' || f.isList || !f.isRequired || f.hasDefault || f.isUpdatedAt) continue;
      if (f === model.pk ? out.pk === undefined : !(f.name in out.data)) {
        const fk = model.foreignKeys.find((k) => k.from.includes(f));
        fail(fk ? fk.field.name : f.name, 'is required and the fixture does not give it');
      }
    }
    const slug = out.data.slug;
    if (SLUGGED_MODELS.has(model.label) && typeof slug === 'string' && !SLUG_PATTERN.test(slug)) {
      fail(given.get('slug') ?? 'slug', `${show(slug)} is not a slug (letters, Korean too, and digits, joined by single - or _)`);
    }
    prepared.push(out);
  });
  const droppedList = [...dropped].map(([label, d]) => ({ label, fields: [...d.fields], records: d.records, then: DERIVED_FIELDS[label].then }));
  return { prepared, skipped, dropped: droppedList };
}

// ---- what a load noticed besides the records themselves

interface Tally {
  /** Source (→ destination) label → source field → records that gave it, for fields --ignore-unknown left out. */
  ignored: Map<string, Map<string, number>>;
  /** Values outside a field's `// choices:`, all of them, so one run names every record to fix. */
  offChoice: { where: string; field: string; label: string; value: unknown; choices: string[] }[];
}
const tallies = new WeakMap<LoadOptions, Tally>();
const tallyOf = (opts: LoadOptions): Tally => tallies.get(opts) ?? { ignored: new Map(), offChoice: [] };

function noteIgnored(opts: LoadOptions, label: string, field: string) {
  const tally = tallies.get(opts);
  if (!tally) return;
  const fields = tally.ignored.get(label) ?? new Map<string, number>();
  fields.set(field, (fields.get(field) ?? 0) + 1);
  tally.ignored.set(label, fields);
}

function offChoiceMessage(list: Tally['offChoice']): string {
  const first = list[0];
  const shownRecords = list.slice(0, 10).map((o) => `${o.where}: ${show(o.value)}`);
  const more = list.length > 10 ? `; and ${list.length - 10} more` : '';
  return `${list.length} record(s) give field "${first.field}" a value it does not allow (allowed: ${first.choices.join(', ')}): ${shownRecords.join('; ')}${more}. Map the values with --values ${first.label}=<value>:<allowed>,…`;
}

/** Every --map/--rename/--values entry that names a model or field no record of the fixture has: almost always a typo. */
function warnUnmatched(raw: unknown[], opts: LoadOptions) {
  const labels = new Set<string>();
  const fields = new Set<string>();
  for (const item of raw) {
    const rec = item as Partial<FixtureRecord> | null;
    if (!rec || typeof rec.model !== 'string') continue;
    const label = rec.model.toLowerCase();
    labels.add(label);
    if (rec.fields && typeof rec.fields === 'object') for (const f of Object.keys(rec.fields)) fields.add(`${label}.${f}`);
  }
  const unmatched = [
    ...Object.keys(opts.map ?? {}).filter((k) => !labels.has(k)).map((k) => `--map ${k}=…: no record of model "${k}" in the fixture`),
    ...Object.keys(opts.rename ?? {}).filter((k) => !fields.has(k)).map((k) => `--rename ${k}=…: no record gives field "${k}"`),
    ...Object.keys(opts.values ?? {}).filter((k) => !fields.has(k)).map((k) => `--values ${k}=…: no record gives field "${k}"`),
  ];
  if (!unmatched.length) return;
  if (opts.strict) throw new FixtureError(`options that match nothing (--strict): ${unmatched.join('; ')}`);
  for (const line of unmatched) opts.onWarning?.(`Warning: ${line}; it was not used.`);
}

/** Two fixture records with the same value in a unique field: name both, before anything is written. */
function duplicatesInFixture(prepared: Prepared[]) {
  const seen = new Map<string, Prepared>();
  for (const p of prepared) {
    for (const f of p.model.fields) {
      if (!f.isUnique || f.isId || f.kind !== 'scalar' || f.isList) continue;
      const value = p.data[f.name];
      if (value === undefined || value === null) continue;
      const key = `${p.model.name}.${f.name}=${String(value)}`;
      const other = seen.get(key);
      // The same pk twice is Django's "the later record replaces the row", not a clash.
      if (other && (p.pk === undefined || String(other.pk) !== String(p.pk))) {
        throw new FixtureError(`${p.describe}, field "${f.name}": ${show(value)} is also the ${f.name} of ${other.describe} (unique field)`);
      }
      seen.set(key, p);
    }
  }
}

/** The unique fields a Prisma P2002 names, whatever the adapter says it with. */
function clashFields(err: unknown, model: ModelInfo): string[] | undefined {
  const e = err as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } } } };
  if (e.code !== 'P2002') return undefined;
  const constraint = e.meta?.driverAdapterError?.cause?.constraint;
  if (Array.isArray(e.meta?.target)) return e.meta.target as string[];
  if (constraint?.fields?.length) return constraint.fields.map((f) => f.replace(/^"|"$/g, ''));
  const index = constraint?.index?.replace(new RegExp(`^${model.table}_`), '').replace(/_(key|pkey)$/, '');
  return index && model.field.has(index) ? [index] : undefined;
}

/** The fields whose columns, joined by "_", make up a PostgreSQL index name's middle (`app_codename` → app, codename). */
function columnsOf(joined: string, model: ModelInfo): string[] | undefined {
  for (const f of model.fields) {
    if (f.kind !== 'scalar' && f.kind !== 'enum') continue;
    if (joined === f.column) return [f.name];
    if (!joined.startsWith(`${f.column}_`)) continue;
    const rest = columnsOf(joined.slice(f.column.length + 1), model);
    if (rest) return [f.name, ...rest];
  }
  return undefined;
}

/** Names the row already in the database that holds the unique value a record collides with. */
async function clashWhy(err: unknown, p: Prepared, reader: object): Promise<string | undefined> {
  const fields = clashFields(err, p.model);
  if (fields?.length !== 1 || !p.model.pk) return undefined;
  const value = p.data[fields[0]];
  if (value === undefined || value === null) return undefined;
  const pk = p.model.pk.name;
  try {
    const row = await delegateOf(reader, p.model).findFirst({ where: { [fields[0]]: value }, select: { [pk]: true } });
    if (!row) return undefined;
    return `${show(value)} is already the ${fields[0]} of ${p.model.label} pk=${show(row[pk])} in the database (unique field)`;
  } catch {
    return undefined;
  }
}

/** Loads fixture records all or nothing: any problem names the record and leaves the database as it was. */
export async function loadData(client: Client, fixture: unknown, opts: LoadOptions = {}): Promise<LoadResult> {
  if (!Array.isArray(fixture)) throw new FixtureError('a fixture is a JSON list of {"model", "pk", "fields"} objects');
  opts = { ...opts };
  tallies.set(opts, { ignored: new Map(), offChoice: [] });
  warnUnmatched(fixture, opts);
  const registry = describeModels(client, opts.root);
  const { prepared, skipped, dropped } = prepare(registry, fixture, opts);
  for (const [label, fields] of Object.entries(opts.override ?? {})) {
    const model = registry.models.find((m) => m.label === label);
    if (!model) throw new FixtureError(`cannot set fields of ${label}: no such model is installed`);
    for (const name of Object.keys(fields)) {
      if (!model.fields.some((f) => f.name === name)) throw new FixtureError(`cannot set ${label}.${name}: the model has no such field`);
    }
    for (const p of prepared) if (p.model === model) Object.assign(p.data, fields);
  }

  // Load model by model in dependency order (file order within a model), so a fixture's own order matters no more than Django's.
  const order = new Map(registry.models.map((m, i) => [m, i]));
  const queue = [...prepared].sort((a, b) => order.get(a.model)! - order.get(b.model)! || a.index - b.index);

  // Every value a relation may point at, from the fixture: a forward reference is deferred, not an error.
  const referenced = new Map<ModelInfo, Set<string>>();
  for (const m of registry.models) for (const fk of m.foreignKeys) {
    const target = registry.byName.get(fk.target)!;
    for (const t of fk.to) referenced.set(target, (referenced.get(target) ?? new Set()).add(t));
  }
  const keyOf = (model: ModelInfo, field: string, value: unknown) => `${model.name}.${field}=${String(value)}`;
  const valueOf = (p: Prepared, field: string) => (p.model.pk?.name === field ? p.pk : p.data[field]);
  const inFixture = new Set<string>();
  for (const p of prepared) for (const f of referenced.get(p.model) ?? []) if (valueOf(p, f) !== undefined) inFixture.add(keyOf(p.model, f, valueOf(p, f)));

  const tally = tallyOf(opts);
  if (tally.offChoice.length) throw new FixtureError(offChoiceMessage(tally.offChoice));
  duplicatesInFixture(prepared);

  return client.$transaction(async (txArg) => {
    const tx = txArg as object;
    const present = new Set<string>();
    const absent = new Set<string>();
    const exists = async (target: ModelInfo, fields: string[], values: unknown[]) => {
      const key = keyOf(target, fields.join(','), values.map(String).join(','));
      if (fields.length === 1 && present.has(keyOf(target, fields[0], values[0]))) return true;
      if (present.has(key)) return true;
      if (absent.has(key)) return false;
      const where = Object.fromEntries(fields.map((f, i) => [f, values[i]]));
      const found = await delegateOf(tx, target).findFirst({ where, select: { [fields[0]]: true } });
      (found ? present : absent).add(key);
      return Boolean(found);
    };
    const whereOf = (p: Prepared, row?: Record<string, unknown>) => {
      if (p.model.pk) return { [p.model.pk.name]: p.pk ?? row?.[p.model.pk.name] };
      if (p.model.compoundIdName) return { [p.model.compoundIdName]: Object.fromEntries(p.model.idFields.map((f) => [f, p.data[f] ?? row?.[f]])) };
      return undefined;
    };
    const fail = (p: Prepared, field: string | null, why: string): never => {
      throw new FixtureError(`${p.describe}${field ? `, field "${field}"` : ''}: ${why}`);
    };
    const prismaWhy = (err: unknown, model?: ModelInfo) => {
      const e = err as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } } }; message?: string };
      if (e.code === 'P2002') {
        const constraint = e.meta?.driverAdapterError?.cause?.constraint;
        // PostgreSQL names the index (Tag_name_key); Prisma names indexes <table>_<fields>_key.
        const index = constraint?.index && model ? constraint.index.replace(new RegExp(`^${model.table}_`), '').replace(/_(key|pkey)$/, '') : constraint?.index;
        const key = e.meta?.target ?? constraint?.fields ?? (index && model ? (columnsOf(index, model) ?? index) : index);
        return `another record already has the same ${Array.isArray(key) ? key.join(', ') : String(key ?? 'unique value')} (unique constraint)`;
      }
      const lines = (e.message ?? String(err)).split('\n').map((l) => l.trim()).filter(Boolean);
      return lines[lines.length - 1] ?? String(err);
    };

    const deferred: { p: Prepared; fk: ForeignKey; values: unknown[] }[] = [];
    const wheres = new Map<Prepared, Record<string, unknown>>();
    const counts = new Map<ModelInfo, number>();
    let written = 0;
    for (const p of queue) {
      const data = { ...p.data };
      for (const [fk, values] of p.refs) {
        const target = registry.byName.get(fk.target)!;
        if (fk.to.length === 1 && present.has(keyOf(target, fk.to[0], values[0]))) continue;
        const pendingKey = fk.to.length === 1 ? keyOf(target, fk.to[0], values[0]) : '';
        if (pendingKey && inFixture.has(pendingKey) && !present.has(pendingKey)) {
          if (fk.from.some((f) => f.isRequired)) {
            fail(p, fk.field.name, `points at ${target.label} ${fk.to[0]}=${show(values[0])}, which the fixture loads later; a required reference must point at a record loaded earlier`);
          }
          for (const f of fk.from) data[f.name] = null;
          deferred.push({ p, fk, values });
          continue;
        }
        if (!(await exists(target, fk.to, values))) {
          fail(p, fk.field.name, `no ${target.label} with ${fk.to.join(',')}=${values.map(show).join(',')} (neither in the fixture nor in the database)`);
        }
      }
      const delegate = delegateOf(tx, p.model);
      let row: Record<string, unknown>;
      try {
        // A record with its key replaces the row with that key, as Django's loaddata does; one without gets a new id.
        const keyed = p.model.pk ? p.pk !== undefined : Boolean(p.model.compoundIdName) && p.model.idFields.every((f) => data[f] !== undefined && data[f] !== null);
        const create = p.model.pk && p.pk !== undefined ? { ...data, [p.model.pk.name]: p.pk } : data;
        row = keyed ? await delegate.upsert({ where: whereOf(p), create, update: data }) : await delegate.create({ data: create });
      } catch (err) {
        return fail(p, null, (await clashWhy(err, p, registry.provider === 'postgresql' ? client : tx)) ?? prismaWhy(err, p.model));
      }
      wheres.set(p, whereOf(p, row)!);
      for (const f of referenced.get(p.model) ?? []) present.add(keyOf(p.model, f, row[f]));
      if (p.model.pk) present.add(keyOf(p.model, p.model.pk.name, row[p.model.pk.name]));
      counts.set(p.model, (counts.get(p.model) ?? 0) + 1);
      opts.onRecord?.(++written, queue.length, p.describe);
    }

    for (const { p, fk, values } of deferred) {
      try {
        await delegateOf(tx, p.model).update({ where: wheres.get(p), data: { ...Object.fromEntries(fk.from.map((f, i) => [f.name, values[i]])), ...p.keep } });
      } catch (err) {
        fail(p, fk.field.name, prismaWhy(err));
      }
    }
    for (const p of queue) {
      for (const [fieldName, ids] of p.m2m) {
        const target = registry.byName.get(p.model.manyToMany.find((m) => m.field.name === fieldName)!.target)!;
        const pk = target.pk!.name;
        for (const id of ids) {
          if (!(await exists(target, [pk], [id]))) fail(p, fieldName, `no ${target.label} with ${pk}=${show(id)} (neither in the fixture nor in the database)`);
        }
        try {
          await delegateOf(tx, p.model).update({ where: wheres.get(p), data: { [fieldName]: { set: ids.map((id) => ({ [pk]: id })) }, ...p.keep } });
        } catch (err) {
          fail(p, fieldName, prismaWhy(err));
        }
      }
    }
    // (Sequences are outside transactions on PostgreSQL: a dry run leaves them alone.)
    if (registry.provider === 'postgresql' && !opts.dryRun) await resetSequences(tx as Client, [...counts.keys()]);
    const result: LoadResult = {
      loaded: prepared.length,
      skipped,
      counts: registry.models.filter((m) => counts.has(m)).map((m) => ({ label: m.label, count: counts.get(m)! })),
      ignored: [...tally.ignored].map(([label, fields]) => ({ label, fields: [...fields].map(([name, count]) => ({ name, count })) })),
      dropped,
    };
    // Everything was written and checked; throwing rolls the transaction back and hands the result out.
    if (opts.dryRun) throw new DryRunRollback(result);
    return result;
  }, TX_OPTIONS).catch((err: unknown) => {
    if (err instanceof DryRunRollback) return err.result;
    throw err;
  });
}

/** Thrown at the end of a dry run's transaction so that it rolls back. */
class DryRunRollback extends Error {
  constructor(readonly result: LoadResult) {
    super('dry run: rolled back');
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** After rows arrive with their own ids, PostgreSQL's sequences must move past them or the next insert collides. */
export async function resetSequences(client: Client, models: ModelInfo[]) {
  for (const m of models) {
    if (!m.pk?.isAutoincrement) continue;
    const table = quote(m.table);
    const column = quote(m.pk.column);
    await client.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${m.pk.column.replace(/'/g, "''")}'), COALESCE((SELECT MAX(${column}) FROM ${table}), 0) + 1, false)`,
    );
  }
}

// ---- flush

export interface FlushResult {
  tables: number;
  rows: number;
}

/** Deletes every row of every model (children first) in one transaction; the schema and migration history stay. */
export async function flushData(client: Client, opts: { root?: string } = {}): Promise<FlushResult> {
  const registry = describeModels(client, opts.root);
  const models = [...registry.models].reverse();
  return client.$transaction(async (txArg) => {
    const tx = txArg as unknown as Client;
    let rows = 0;
    for (const m of models) rows += await delegateOf(tx, m).count();
    if (registry.provider === 'postgresql') {
      // TRUNCATE also empties the implicit many-to-many tables (CASCADE) and restarts the ids, as Django's flush does.
      if (models.length) await tx.$executeRawUnsafe(`TRUNCATE TABLE ${models.map((m) => quote(m.table)).join(', ')} RESTART IDENTITY CASCADE`);
    } else {
      for (const m of models) await delegateOf(tx, m).deleteMany({});
      const sequences = (await (tx as unknown as { $queryRawUnsafe(sql: string): Promise<unknown[]> }).$queryRawUnsafe(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
      )) as unknown[];
      if (sequences.length && models.length) {
        await tx.$executeRawUnsafe(`DELETE FROM sqlite_sequence WHERE name IN (${models.map((m) => `'${m.table.replace(/'/g, "''")}'`).join(', ')})`);
      }
    }
    return { tables: models.length, rows };
  }, TX_OPTIONS);
}
