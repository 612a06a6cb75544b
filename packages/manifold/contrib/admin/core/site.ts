// The admin site: every installed app's ModelAdmin entries resolved against the generated client's models (fields,
// types, relations, choices, defaults, on-delete rules), and the dashboard with its briefly cached counts.
import { adminApps as apps } from '@site/.manifold/registry.admin';
import type { ModelAdmin } from '../../../lib/app';
import { attrArgs, schemaInfo, type SchemaInfo, type SchemaModel } from './models';
import { adminDb } from './db';
import { invalidate, remember } from './cache';
import { modelAccess, ownerWhere, requireStaff } from './access';
import type { AdminLang, AdminModel, AdminSite, AdminUser, Dashboard, FieldInfo, ModelAccess, OnDelete, Widget } from './types';

export { modelAccess };

/** String fields edited in a textarea whatever their comment says. */
const LONG_TEXT_NAMES = new Set(['source', 'description', 'body', 'content', 'text', 'notes', 'excerpt', 'seoDescription', 'changeMessage']);

/** 'publishedAt' → 'Published at'. */
export function humanize(name: string): string {
  const words = name.replace(/Id$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The literal of `@default(...)`: "draft" → 'draft', 0 → 0, true → true; functions (now(), uuid()) → undefined. */
function literalDefault(args: string | undefined, type: string): string | number | boolean | undefined {
  if (args === undefined) return undefined;
  const a = args.trim();
  if (/^"(.*)"$/.test(a)) return JSON.parse(a) as string;
  if (a === 'true' || a === 'false') return a === 'true';
  if (/^-?\d+(\.\d+)?$/.test(a) && ['Int', 'Float', 'Decimal', 'BigInt'].includes(type)) return Number(a);
  return undefined;
}

function widgetFor(f: Omit<FieldInfo, 'widget'>, enums: Map<string, string[]>): Widget {
  if (f.relation?.kind === 'fk') return 'fk-select';
  if (f.relation?.kind === 'm2m') return 'm2m-select';
  if (f.choices?.length || f.kind === 'enum' || enums.has(f.type)) return 'select';
  switch (f.type) {
    case 'Boolean':
      return 'checkbox';
    case 'Int':
    case 'Float':
    case 'Decimal':
    case 'BigInt':
      return 'number';
    case 'DateTime':
      return 'datetime';
    case 'Json':
      return 'json';
    default:
      return f.longText ? 'textarea' : 'text';
  }
}

/** Introspects one model: every field with its admin-relevant facts. */
export function introspect(model: SchemaModel, schema: SchemaInfo): FieldInfo[] {
  const fkFields = (f: SchemaModel['fields'][number]) => {
    const rel = attrArgs(f.attrs, '@relation');
    return rel?.match(/fields\s*:\s*\[([^\]]*)\]/)?.[1].split(',').map((x) => x.trim()).filter(Boolean) ?? [];
  };
  const fkColumns = new Set(model.fields.filter((f) => f.kind === 'object').flatMap(fkFields));
  const onDeleteOf = (owner: SchemaModel | undefined, field: SchemaModel['fields'][number] | undefined): OnDelete => {
    if (!owner || !field) return 'SetNull';
    const rule = attrArgs(field.attrs, '@relation')?.match(/onDelete\s*:\s*(\w+)/)?.[1] as OnDelete | undefined;
    // Prisma's default: Restrict when the key is required, SetNull when it is optional.
    const keys = fkFields(field).map((n) => owner.fields.find((x) => x.name === n));
    return rule ?? (keys.some((k) => k && !k.isOptional) ? 'Restrict' : 'SetNull');
  };
  return model.fields.map((f): FieldInfo => {
    let relation: FieldInfo['relation'];
    if (f.kind === 'object') {
      const target = schema.models.get(f.type);
      const opposite = target?.fields.find((o) => o.kind === 'object' && o.relationName === f.relationName && o.type === model.name && o !== f);
      const own = fkFields(f);
      if (own.length) relation = { kind: 'fk', target: f.type, fields: own, opposite: opposite?.name, onDelete: onDeleteOf(model, f) };
      else if (f.isList && opposite?.isList) relation = { kind: 'm2m', target: f.type, fields: [], opposite: opposite.name, onDelete: 'Cascade' };
      else relation = { kind: 'reverse', target: f.type, fields: opposite ? fkFields(opposite) : [], opposite: opposite?.name, onDelete: onDeleteOf(target, opposite) };
    }
    const defaultArgs = attrArgs(f.attrs, '@default');
    const choices = f.comment.match(/^choices:\s*(.+)$/i)?.[1].split('|').map((c) => c.trim()).filter(Boolean);
    const enumValues = f.kind === 'enum' ? schema.enums.get(f.type) : undefined;
    const longText = f.type === 'String' && (LONG_TEXT_NAMES.has(f.name) || /\b(long|textarea|markdown|mdx|json)\b/i.test(f.comment));
    const isId = /@id\b/.test(f.attrs);
    const base: Omit<FieldInfo, 'widget'> = {
      name: f.name,
      label: humanize(f.name),
      kind: f.kind,
      type: f.type,
      isList: f.isList,
      isRequired: !f.isOptional && !f.isList,
      isId,
      isUnique: isId || /@unique\b/.test(f.attrs),
      hasDefault: defaultArgs !== undefined,
      defaultValue: literalDefault(defaultArgs, f.type),
      isAutoincrement: /^\s*autoincrement\(\)\s*$/.test(defaultArgs ?? ''),
      isUpdatedAt: /@updatedAt\b/.test(f.attrs),
      isVersion: f.name === 'version' && f.type === 'Int',
      derived: /^derived\b/i.test(f.comment),
      isForeignKeyColumn: fkColumns.has(f.name),
      longText,
      ...(choices?.length ? { choices } : enumValues ? { choices: enumValues } : {}),
      ...(relation ? { relation } : {}),
    };
    return { ...base, widget: widgetFor(base, schema.enums) };
  });
}

let cachedSite: Promise<AdminSite> | undefined;
let cachedFor: object | undefined;

async function buildSite(): Promise<AdminSite> {
  const schema = schemaInfo(adminDb());
  const out: AdminSite = { apps: [], models: [] };
  for (const app of apps) {
    if (!app.admin) continue;
    const entries = (await app.admin()).default;
    if (!Array.isArray(entries)) continue;
    const models: AdminModel[] = [];
    for (const entry of entries as ModelAdmin[]) {
      const info = schema.models.get(entry.model);
      if (!info) continue;
      const fields = introspect(info, schema);
      // Models with a compound id are not edited here (their rows have no single key for a URL).
      const pkFields = fields.filter((f) => f.isId);
      if (pkFields.length !== 1) continue;
      const modelSlug = info.name.toLowerCase();
      const ownerRel = entry.ownerField ? fields.find((f) => f.name === entry.ownerField && f.relation?.kind === 'fk') : undefined;
      const pk = pkFields[0];
      models.push({
        app: app.label,
        appVerboseName: app.verboseName,
        model: info.name,
        modelSlug,
        slug: `${app.label}/${modelSlug}`,
        verboseName: entry.verboseName ?? humanize(info.name),
        verboseNamePlural: entry.verboseNamePlural ?? entry.verboseName ?? `${humanize(info.name)}s`,
        fields,
        pk,
        hasVersion: fields.some((f) => f.isVersion),
        owner: ownerRel ? { relation: ownerRel.name, column: ownerRel.relation!.fields[0] } : null,
        perms: {
          view: `${app.label}.view_${modelSlug}`,
          add: `${app.label}.add_${modelSlug}`,
          change: `${app.label}.change_${modelSlug}`,
          delete: `${app.label}.delete_${modelSlug}`,
        },
        admin: entry,
      });
    }
    if (models.length) out.apps.push({ label: app.label, verboseName: app.verboseName, models });
    out.models.push(...models);
  }
  return out;
}

export function adminSite(): Promise<AdminSite> {
  const db = adminDb();
  if (!cachedSite || cachedFor !== db) {
    cachedFor = db;
    cachedSite = buildSite().catch((err) => {
      cachedSite = undefined;
      throw err;
    });
  }
  return cachedSite;
}

export async function getModelAdmin(app: string, modelSlug: string): Promise<AdminModel | null> {
  const site = await adminSite();
  return site.models.find((m) => m.app === app && m.modelSlug === modelSlug.toLowerCase()) ?? null;
}

/** The registered model of a Prisma model name, if any (links from the log, dependents, related fields). */
export async function modelByName(name: string): Promise<AdminModel | null> {
  return (await adminSite()).models.find((m) => m.model === name) ?? null;
}

const fieldCache = new WeakMap<object, Map<string, FieldInfo[]>>();

/** Fields of any model of the client, registered or not (User from accounts, for relations to it). */
export function fieldsOf(name: string): FieldInfo[] {
  const db = adminDb();
  let byModel = fieldCache.get(db);
  if (!byModel) fieldCache.set(db, (byModel = new Map()));
  let fields = byModel.get(name);
  if (!fields) {
    const schema = schemaInfo(db);
    const model = schema.models.get(name);
    fields = model ? introspect(model, schema) : [];
    byModel.set(name, fields);
  }
  return fields;
}

/** The Prisma delegate of a model ('Post' → db.post), typed loosely. */
export function delegate(model: string): AnyDelegate {
  const name = model.charAt(0).toLowerCase() + model.slice(1);
  return (adminDb() as unknown as Record<string, AnyDelegate>)[name];
}

export interface AnyDelegate {
  findMany(args?: any): Promise<Record<string, any>[]>;
  findFirst(args?: any): Promise<Record<string, any> | null>;
  findUnique(args: any): Promise<Record<string, any> | null>;
  count(args?: any): Promise<number>;
  create(args: any): Promise<Record<string, any>>;
  update(args: any): Promise<Record<string, any>>;
  updateMany(args: any): Promise<{ count: number }>;
  delete(args: any): Promise<Record<string, any>>;
  deleteMany(args?: any): Promise<{ count: number }>;
  groupBy(args: any): Promise<Record<string, any>[]>;
}

/** A row's name (Django's __str__): its name/title/email/slug field, else `<Model> #id`. */
export function reprOf(model: string, fields: FieldInfo[], row: Record<string, unknown> | null | undefined): string {
  if (!row) return '';
  for (const key of ['name', 'title', 'email', 'slug', 'label', 'codename']) {
    const f = fields.find((x) => x.name === key && x.type === 'String');
    const v = f ? row[key] : undefined;
    if (typeof v === 'string' && v.trim()) return v;
  }
  const pk = fields.find((f) => f.isId)?.name ?? 'id';
  return `${model} #${String(row[pk])}`;
}

/** The select that reprOf needs for a model: its id and its name-like field. */
export function reprSelect(fields: FieldInfo[]): Record<string, true> {
  const select: Record<string, true> = {};
  for (const f of fields) if (f.isId || (['name', 'title', 'email', 'slug', 'label', 'codename'].includes(f.name) && f.type === 'String')) select[f.name] = true;
  return select;
}

// ---- dashboard counts: cached per model (and per owner for owner-limited users), cleared by admin writes.
/** Forgets the cached counts, year lists and choices read from a model (every admin write to it calls this). */
export function invalidateCounts(model: string): void {
  invalidate(model);
}

export async function cachedCount(ma: AdminModel, where: Record<string, unknown>): Promise<number> {
  return remember([ma.model], `count:${JSON.stringify(where)}`, () => delegate(ma.model).count({ where }));
}

/** The count as it is now, for rows that arrive without an admin write to clear the cache (readers' comments). */
export function liveCount(ma: AdminModel, where: Record<string, unknown>): Promise<number> {
  return delegate(ma.model).count({ where });
}

type Label = string | { ko: string; en: string };
const pickLabel = (l: Label, lang: AdminLang) => (typeof l === 'string' ? l : l[lang]);

/** A field's label in `lang`: ModelAdmin.fieldLabels, else its name made readable. */
export function fieldLabel(ma: Pick<AdminModel, 'admin' | 'fields'>, name: string, lang: AdminLang = 'ko'): string {
  const given = (ma.admin.fieldLabels as Record<string, Label | undefined> | undefined)?.[name];
  if (given) return pickLabel(given, lang);
  return ma.fields.find((f) => f.name === name)?.label ?? humanize(name);
}

/** A choice's label in `lang` (ModelAdmin.choiceLabels), else the stored value. */
export function choiceLabel(ma: Pick<AdminModel, 'admin'>, field: string, value: string, lang: AdminLang = 'ko'): string {
  const given = (ma.admin.choiceLabels as Record<string, Record<string, Label> | undefined> | undefined)?.[field]?.[value];
  return given ? pickLabel(given, lang) : value;
}
