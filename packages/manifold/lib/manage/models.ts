// What manage knows about every model, generically: the Prisma client's runtime data model (fields, kinds,
// types, relation names) completed from the schema the client was generated from (list/optional modifiers,
// @id, @default, @updatedAt, @map and the fields behind each @relation), plus which app declares the model.
// dumpdata, loaddata and flush work from this alone, so they serve any model an app adds.
import { assembleSchema, readAppModels, projectRoot } from '../schema';

export interface FieldInfo {
  name: string;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefault: boolean;
  isAutoincrement: boolean;
  isUpdatedAt: boolean;
  /** The database column (the field name unless @map says otherwise). */
  column: string;
  relationName?: string;
  /** Set on the side of a relation that holds the foreign key. */
  relationFromFields?: string[];
  relationToFields?: string[];
  /** `// choices: a | b | c` on the field's line in its models.prisma: the only values the app accepts. */
  choices?: string[];
  /** `// derived: …` on the field's line: app code computes it from other fields, so dumpdata leaves it out. */
  derived?: boolean;
}

/** A foreign key: `field` (an object field) is stored in the scalar `from` fields and points at `to` on `target`. */
export interface ForeignKey {
  field: FieldInfo;
  from: FieldInfo[];
  to: string[];
  target: string;
}

/** An implicit many-to-many relation, seen from one side. */
export interface ManyToMany {
  field: FieldInfo;
  target: string;
  /** True on the one side dumpdata writes the list on (Django keeps a ManyToManyField on one model too). */
  dumped: boolean;
}

export interface ModelInfo {
  name: string;
  /** `<app label>.<model name lowercased>`, as Django labels models in fixtures. */
  label: string;
  app: string;
  /** The Prisma client property: `post` for `Post`. */
  delegate: string;
  table: string;
  fields: FieldInfo[];
  field: Map<string, FieldInfo>;
  /** The primary key when it is one field (Django's pk); undefined for @@id([a, b]). */
  pk?: FieldInfo;
  idFields: string[];
  /** The name of the compound unique input for @@id([a, b]) (`a_b` unless @@id(name: ...)). */
  compoundIdName?: string;
  foreignKeys: ForeignKey[];
  manyToMany: ManyToMany[];
}

export interface ModelRegistry {
  provider: 'sqlite' | 'postgresql';
  /** In dependency order: a model comes after every model its foreign keys point at (cycles broken by app order). */
  models: ModelInfo[];
  byName: Map<string, ModelInfo>;
  /** By label, lowercased. */
  byLabel: Map<string, ModelInfo>;
  apps: string[];
  enums: Map<string, string[]>;
}

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  relationName?: string | null;
  dbName?: string | null;
}
interface RuntimeDataModel {
  models: Record<string, { fields: RuntimeField[]; dbName?: string | null }>;
  enums: Record<string, { values: { name: string }[] }>;
}

/** The internals of a generated PrismaClient this module reads; both are set by every Prisma 7 client. */
interface ClientInternals {
  _runtimeDataModel?: RuntimeDataModel;
  _engineConfig?: { inlineSchema?: string; activeProvider?: string };
  _activeProvider?: string;
}

export class ModelLookupError extends Error {}

// ---- schema text: the details the runtime data model leaves out

interface ParsedField {
  name: string;
  type: string;
  isList: boolean;
  isOptional: boolean;
  attrs: string;
  /** The trailing `//` comment, if any. */
  comment?: string;
}
interface ParsedModel {
  name: string;
  fields: Map<string, ParsedField>;
  blockAttrs: string[];
  app?: string;
}

/** Drops a `//` comment that is not inside a string. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') inString = !inString;
    else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

export function parseSchemaModels(schema: string): Map<string, ParsedModel> {
  const models = new Map<string, ParsedModel>();
  let current: ParsedModel | null = null;
  let app: string | undefined;
  for (const raw of schema.split('\n')) {
    const marker = raw.match(/^\/\/ ---- apps\/(\w+)\/models\.prisma/);
    if (marker) app = marker[1];
    const code = stripComment(raw);
    const line = code.trim();
    const comment = raw.length > code.length ? raw.slice(code.length + 2).trim() : undefined;
    if (!line) continue;
    if (!current) {
      const open = line.match(/^model\s+(\w+)\s*\{/);
      if (open) current = { name: open[1], fields: new Map(), blockAttrs: [], app };
      continue;
    }
    if (line.startsWith('}')) {
      models.set(current.name, current);
      current = null;
      continue;
    }
    if (line.startsWith('@@')) {
      current.blockAttrs.push(line);
      continue;
    }
    const m = line.match(/^(\w+)\s+(\w+(?:\([^)]*\))?)(\[\]|\?)?\s*(.*)$/);
    if (m) current.fields.set(m[1], { name: m[1], type: m[2], isList: m[3] === '[]', isOptional: m[3] === '?', attrs: m[4] ?? '', comment });
  }
  return models;
}

function listIn(attr: string, key: string): string[] | undefined {
  const m = attr.match(new RegExp(`${key}\\s*:\\s*\\[([^\\]]*)\\]`));
  return m ? m[1].split(',').map((s) => s.trim().replace(/\(.*$/, '')).filter(Boolean) : undefined;
}

/** The text inside `@name(...)`, with nested parentheses. */
function attrArgs(attrs: string, name: string): string | undefined {
  const start = attrs.search(new RegExp(`${name.replace('@', '\\@')}\\(`));
  if (start < 0) return undefined;
  let depth = 0;
  const open = attrs.indexOf('(', start);
  for (let i = open; i < attrs.length; i++) {
    if (attrs[i] === '(') depth++;
    else if (attrs[i] === ')' && --depth === 0) return attrs.slice(open + 1, i);
  }
  return attrs.slice(open + 1);
}

const SCALAR_TYPES = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);

/** The runtime data model's shape, from the schema text (Prisma names an unnamed relation `<A>To<B>`, A before B). */
export function runtimeFromSchema(schema: string, parsed = parseSchemaModels(schema)): RuntimeDataModel {
  const enums: RuntimeDataModel['enums'] = {};
  for (const m of schema.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    enums[m[1]] = { values: m[2].split('\n').map((l) => stripComment(l).trim().split(/\s/)[0]).filter((v) => v && !v.startsWith('@')).map((name) => ({ name })) };
  }
  const models: RuntimeDataModel['models'] = {};
  for (const model of parsed.values()) {
    models[model.name] = {
      dbName: model.blockAttrs.map((a) => a.match(/^@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/)?.[1]).find(Boolean) ?? null,
      fields: [...model.fields.values()].map((f) => {
        const kind = SCALAR_TYPES.has(f.type) ? 'scalar' : enums[f.type] ? 'enum' : parsed.has(f.type) ? 'object' : 'unsupported';
        const relation = kind === 'object' ? attrArgs(f.attrs, '@relation') : undefined;
        const named = relation?.match(/^\s*"([^"]+)"/)?.[1] ?? relation?.match(/name\s*:\s*"([^"]+)"/)?.[1];
        return {
          name: f.name,
          kind,
          type: f.type,
          relationName: kind === 'object' ? (named ?? [model.name, f.type].sort().join('To')) : undefined,
          dbName: f.attrs.match(/@map\(\s*(?:name\s*:\s*)?"([^"]+)"/)?.[1] ?? null,
        };
      }),
    };
  }
  return { models, enums };
}

// ---- the registry

const registries = new WeakMap<object, ModelRegistry>();

/** Describes every model of the client. `root` is the project whose apps' models.prisma say which app owns which model. */
export function describeModels(client: object, root = projectRoot): ModelRegistry {
  const cached = registries.get(client);
  if (cached) return cached;
  const internals = client as ClientInternals;
  const provider = (internals._engineConfig?.activeProvider ?? internals._activeProvider ?? 'sqlite') as 'sqlite' | 'postgresql';
  const schema = internals._engineConfig?.inlineSchema ?? assembleSchema(provider, root);
  const parsed = parseSchemaModels(schema);
  // Should a future client stop exposing its runtime data model, the schema text alone describes the models.
  const runtime = internals._runtimeDataModel?.models ? internals._runtimeDataModel : runtimeFromSchema(schema, parsed);

  const owners = new Map<string, string>();
  const appOrder: string[] = [];
  try {
    for (const app of readAppModels(root)) {
      appOrder.push(app.label);
      for (const model of app.models) owners.set(model, app.label);
    }
  } catch {
    // No readable site.config.ts: fall back to the app markers in the generated schema.
  }
  for (const p of parsed.values()) {
    if (!owners.has(p.name) && p.app) owners.set(p.name, p.app);
    if (p.app && !appOrder.includes(p.app)) appOrder.push(p.app);
  }

  // Annotations come from the apps' models.prisma as they are now (the generated client's copy may predate a comment).
  let annotated = parsed;
  try {
    annotated = parseSchemaModels(assembleSchema(provider, root));
  } catch {
    // No readable apps: the client's own schema text is all there is.
  }
  const enums = new Map(Object.entries(runtime.enums ?? {}).map(([name, e]) => [name, e.values.map((v) => v.name)]));
  const models: ModelInfo[] = Object.entries(runtime.models).map(([name, rm]) => {
    const p = parsed.get(name);
    const fields = rm.fields.map((rf): FieldInfo => {
      const pf = p?.fields.get(rf.name);
      const attrs = pf?.attrs ?? '';
      const relation = attrArgs(attrs, '@relation');
      const defaultArgs = attrArgs(attrs, '@default');
      const comment = annotated.get(name)?.fields.get(rf.name)?.comment ?? pf?.comment ?? '';
      const choices = comment.match(/^choices:\s*(.+)$/i)?.[1].split('|').map((c) => c.trim()).filter(Boolean);
      return {
        ...(choices?.length ? { choices } : {}),
        ...(/^derived\b/i.test(comment) ? { derived: true } : {}),
        name: rf.name,
        kind: (['scalar', 'enum', 'object'].includes(rf.kind) ? rf.kind : 'unsupported') as FieldInfo['kind'],
        type: rf.type,
        isList: pf?.isList ?? false,
        isRequired: pf ? !pf.isOptional && !pf.isList : true,
        isId: /@id\b/.test(attrs),
        isUnique: /@unique\b/.test(attrs) || /@id\b/.test(attrs),
        hasDefault: defaultArgs !== undefined,
        isAutoincrement: /^\s*autoincrement\(\)\s*$/.test(defaultArgs ?? ''),
        isUpdatedAt: /@updatedAt\b/.test(attrs),
        column: rf.dbName ?? attrs.match(/@map\(\s*(?:name\s*:\s*)?"([^"]+)"/)?.[1] ?? rf.name,
        relationName: rf.relationName ?? undefined,
        relationFromFields: relation ? listIn(relation, 'fields') : undefined,
        relationToFields: relation ? listIn(relation, 'references') : undefined,
      };
    });
    const field = new Map(fields.map((f) => [f.name, f]));
    const compound = p?.blockAttrs.find((a) => a.startsWith('@@id'));
    const idFields = compound ? (compound.match(/\[([^\]]*)\]/)?.[1] ?? '').split(',').map((s) => s.trim().replace(/\(.*$/, '')).filter(Boolean) : fields.filter((f) => f.isId).map((f) => f.name);
    const app = owners.get(name) ?? 'unknown';
    return {
      name,
      label: `${app}.${name.toLowerCase()}`,
      app,
      delegate: name.charAt(0).toLowerCase() + name.slice(1),
      table: rm.dbName ?? p?.blockAttrs.map((a) => a.match(/^@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/)?.[1]).find(Boolean) ?? name,
      fields,
      field,
      pk: idFields.length === 1 ? field.get(idFields[0]) : undefined,
      idFields,
      compoundIdName: compound ? (compound.match(/name\s*:\s*"([^"]+)"/)?.[1] ?? idFields.join('_')) : undefined,
      foreignKeys: [],
      manyToMany: [],
    };
  });
  const byName = new Map(models.map((m) => [m.name, m]));

  for (const model of models) {
    for (const f of model.fields) {
      if (f.kind !== 'object') continue;
      if (f.relationFromFields?.length) {
        model.foreignKeys.push({
          field: f,
          from: f.relationFromFields.map((n) => model.field.get(n)!).filter(Boolean),
          to: f.relationToFields ?? [],
          target: f.type,
        });
        continue;
      }
      const target = byName.get(f.type);
      const opposite = target?.fields.find((o) => o !== f && o.kind === 'object' && o.relationName === f.relationName && o.type === model.name);
      if (f.isList && opposite?.isList && !opposite.relationFromFields?.length) {
        model.manyToMany.push({ field: f, target: f.type, dumped: false });
      }
    }
  }

  const ordered = dependencyOrder(models, appOrder);
  const position = new Map(ordered.map((m, i) => [m.name, i]));
  for (const model of ordered) {
    for (const m2m of model.manyToMany) {
      if (m2m.target === model.name) {
        // A self relation has both fields on this model: write the first declared one.
        const first = model.manyToMany.find((o) => o.field.relationName === m2m.field.relationName);
        m2m.dumped = first === m2m;
      } else {
        // Write the list on the model that is loaded later, so the records it names already exist.
        m2m.dumped = position.get(model.name)! > position.get(m2m.target)!;
      }
    }
  }

  const registry: ModelRegistry = {
    provider,
    models: ordered,
    byName,
    byLabel: new Map(ordered.map((m) => [m.label.toLowerCase(), m])),
    apps: appOrder,
    enums,
  };
  registries.set(client, registry);
  return registry;
}

/** Kahn's algorithm over foreign keys; ties and cycles resolved by app order, then declaration order. */
function dependencyOrder(models: ModelInfo[], appOrder: string[]): ModelInfo[] {
  const rank = (m: ModelInfo) => {
    const a = appOrder.indexOf(m.app);
    return (a < 0 ? appOrder.length : a) * 10_000 + models.indexOf(m);
  };
  const remaining = new Set(models);
  const out: ModelInfo[] = [];
  while (remaining.size) {
    const ready = [...remaining].filter((m) => m.foreignKeys.every((fk) => fk.target === m.name || !remaining.has(models.find((x) => x.name === fk.target)!)));
    const pool = ready.length ? ready : [...remaining];
    const next = pool.sort((a, b) => rank(a) - rank(b))[0];
    out.push(next);
    remaining.delete(next);
  }
  return out;
}

/** Finds models by Django-style names: `blog` (every model of the app) or `blog.post` / `blog.Post`. */
export function selectModels(registry: ModelRegistry, names: string[]): ModelInfo[] {
  const chosen = new Set<ModelInfo>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.includes('.')) {
      const model = registry.byLabel.get(lower);
      if (!model) {
        const app = lower.split('.')[0];
        if (!registry.apps.includes(app)) throw new ModelLookupError(`No installed app with label "${app}".`);
        const known = registry.models.filter((m) => m.app === app).map((m) => m.label).join(', ') || 'none';
        throw new ModelLookupError(`Unknown model: ${name} (${app} has: ${known}).`);
      }
      chosen.add(model);
    } else {
      if (!registry.apps.includes(lower)) throw new ModelLookupError(`No installed app with label "${name}" (installed: ${registry.apps.join(', ')}).`);
      for (const m of registry.models) if (m.app === lower) chosen.add(m);
    }
  }
  return registry.models.filter((m) => chosen.has(m));
}

/** The client's model delegate, typed loosely: the operations manage uses on any model. */
export interface Delegate {
  findMany(args: unknown): Promise<Record<string, unknown>[]>;
  findFirst(args: unknown): Promise<Record<string, unknown> | null>;
  count(args?: unknown): Promise<number>;
  create(args: unknown): Promise<Record<string, unknown>>;
  upsert(args: unknown): Promise<Record<string, unknown>>;
  update(args: unknown): Promise<Record<string, unknown>>;
  deleteMany(args?: unknown): Promise<{ count: number }>;
}

export function delegateOf(client: object, model: ModelInfo): Delegate {
  const d = (client as Record<string, unknown>)[model.delegate];
  if (!d) throw new ModelLookupError(`The Prisma client has no "${model.delegate}"; regenerate it with \`node scripts/postinstall.mjs\`.`);
  return d as Delegate;
}
