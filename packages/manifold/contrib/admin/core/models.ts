// The models as the generated Prisma client knows them: its runtime data model (fields, kinds, relation names)
// completed from the schema text it was generated from (optional/list modifiers, @id, @unique, @default,
// @updatedAt, @relation's fields and onDelete, `// choices:` and `// derived:` comments). Read only from the client
// object, never from disk: this runs inside the Next bundle, which cannot take lib/schema's file-system half
// (lib/manage/models.ts reads the apps' folders through lib/registry/generate).

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  relationName?: string | null;
}
interface ClientInternals {
  _runtimeDataModel?: { models: Record<string, { fields: RuntimeField[] }>; enums?: Record<string, { values: { name: string }[] }> };
  _engineConfig?: { inlineSchema?: string };
}

export interface SchemaField {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isOptional: boolean;
  attrs: string;
  comment: string;
  relationName?: string;
}

export interface SchemaModel {
  name: string;
  fields: SchemaField[];
}

export interface SchemaInfo {
  models: Map<string, SchemaModel>;
  enums: Map<string, string[]>;
}

/** Drops a `//` comment that is not inside a string; returns the code and the comment. */
function splitComment(line: string): [string, string] {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') inString = !inString;
    else if (!inString && c === '/' && line[i + 1] === '/') return [line.slice(0, i), line.slice(i + 2).trim()];
  }
  return [line, ''];
}

/** The text inside `@name(...)`, nested parentheses included. */
export function attrArgs(attrs: string, name: string): string | undefined {
  const start = attrs.indexOf(`${name}(`);
  if (start < 0) return undefined;
  let depth = 0;
  const open = attrs.indexOf('(', start);
  for (let i = open; i < attrs.length; i++) {
    if (attrs[i] === '(') depth++;
    else if (attrs[i] === ')' && --depth === 0) return attrs.slice(open + 1, i);
  }
  return undefined;
}

/** Field lines of every model block in a schema text. */
function parseSchema(schema: string): Map<string, Map<string, { type: string; isList: boolean; isOptional: boolean; attrs: string; comment: string }>> {
  const out = new Map<string, Map<string, { type: string; isList: boolean; isOptional: boolean; attrs: string; comment: string }>>();
  let current: string | null = null;
  for (const raw of schema.split('\n')) {
    const [code, comment] = splitComment(raw);
    const line = code.trim();
    if (!line) continue;
    if (!current) {
      const open = line.match(/^model\s+(\w+)\s*\{/);
      if (open) {
        current = open[1];
        out.set(current, new Map());
      }
      continue;
    }
    if (line.startsWith('}')) {
      current = null;
      continue;
    }
    if (line.startsWith('@@')) continue;
    const m = line.match(/^(\w+)\s+(\w+)(\[\]|\?)?\s*(.*)$/);
    if (m) out.get(current)!.set(m[1], { type: m[2], isList: m[3] === '[]', isOptional: m[3] === '?', attrs: m[4] ?? '', comment });
  }
  return out;
}

const infos = new WeakMap<object, SchemaInfo>();

/** Every model of a generated client, described from the client alone (cached per client). */
export function schemaInfo(client: object): SchemaInfo {
  const cached = infos.get(client);
  if (cached) return cached;
  const internals = client as ClientInternals;
  const runtime = internals._runtimeDataModel;
  if (!runtime?.models) throw new Error('The Prisma client exposes no runtime data model; regenerate it (`npm run manage -- sync`).');
  const parsed = parseSchema(internals._engineConfig?.inlineSchema ?? '');
  const enums = new Map(Object.entries(runtime.enums ?? {}).map(([name, e]) => [name, e.values.map((v) => v.name)]));
  const models = new Map<string, SchemaModel>();
  for (const [name, model] of Object.entries(runtime.models)) {
    const lines = parsed.get(name);
    models.set(name, {
      name,
      fields: model.fields
        .filter((f) => ['scalar', 'enum', 'object'].includes(f.kind))
        .map((f) => {
          const line = lines?.get(f.name);
          return {
            name: f.name,
            kind: f.kind as SchemaField['kind'],
            type: f.type,
            // Without the schema text (never with a current client), a relation list still reads as a list.
            isList: line?.isList ?? false,
            isOptional: line?.isOptional ?? false,
            attrs: line?.attrs ?? '',
            comment: line?.comment ?? '',
            ...(f.relationName ? { relationName: f.relationName } : {}),
          };
        }),
    });
  }
  const info = { models, enums };
  infos.set(client, info);
  return info;
}
