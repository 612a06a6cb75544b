// Change forms (Django's ModelForm + ModelAdmin.get_form): which fields are edited and with which widget, their
// current values as an HTML form carries them, fieldsets, read-only fields, prepopulated slugs and inlines; loading
// the object a form edits; and the autocomplete search behind large foreign keys and many-to-manys.
import { adminProvider } from './db';
import { hasPerm, mayOnRow, PermissionDenied, requireAccess } from './access';
import { choiceLabel, delegate, fieldLabel, fieldsOf, modelByName, reprOf, reprSelect } from './site';
import { parseKey } from './log';
import { formatLocal, SITE_TIME_ZONE, toLocalInput } from './tz';
import type { AdminLang, AdminModel, AdminUser, FieldInfo, FormField, FormSpec, InlineSpec, Widget } from './types';

/** Above this many related rows a relation is edited by autocomplete instead of a full select. */
export const AUTOCOMPLETE_THRESHOLD = 100;

/** Fields a form never edits: keys, timestamps the database keeps, the lock, key columns (edited through their relation). */
function isEditable(f: FieldInfo): boolean {
  if (f.isId || f.isAutoincrement || f.isUpdatedAt || f.isVersion || f.isForeignKeyColumn) return false;
  if (f.relation?.kind === 'reverse') return false;
  // A DateTime defaulting to now() is when the row was made (Django's auto_now_add).
  if (f.type === 'DateTime' && f.hasDefault && f.defaultValue === undefined) return false;
  if (f.type === 'Bytes') return false;
  return true;
}

/** Fields shown read-only: ModelAdmin.readonlyFields, derived fields, and what the database keeps. */
function isShownReadonly(ma: AdminModel, f: FieldInfo): boolean {
  return ((ma.admin.readonlyFields as string[] | undefined) ?? []).includes(f.name) || f.derived || !isEditable(f);
}

/** The owner relation is only editable by someone who may change every row (an Author's posts stay theirs). */
export function ownerLocked(user: AdminUser, ma: AdminModel): boolean {
  return !!ma.owner && !hasPerm(user, ma.perms.change);
}

/** The fields the user edits on this model's form (in order), and the ones shown read-only. */
export function formFields(user: AdminUser, ma: AdminModel, opts: { adding: boolean }): { editable: FieldInfo[]; readonly: FieldInfo[] } {
  const declared = (ma.admin.fieldsets?.flatMap((s) => s.fields as string[]) ?? null) as string[] | null;
  const order = declared ? declared.map((n) => ma.fields.find((f) => f.name === n)).filter((f): f is FieldInfo => !!f) : ma.fields;
  const editable: FieldInfo[] = [];
  const readonly: FieldInfo[] = [];
  for (const f of order) {
    if (f.relation?.kind === 'reverse') continue;
    if (isShownReadonly(ma, f) || (ma.owner?.relation === f.name && ownerLocked(user, ma))) {
      // The pk, key columns and the lock are not worth showing; timestamps and derived values are.
      if (!f.isId && !f.isForeignKeyColumn && !f.isVersion && !opts.adding) readonly.push(f);
    } else editable.push(f);
  }
  return { editable, readonly };
}

/** A value as a form control carries it. */
export function formValue(f: FieldInfo, value: unknown): string | string[] | boolean {
  if (f.widget === 'checkbox') return value === true;
  if (f.relation?.kind === 'm2m') return Array.isArray(value) ? value.map((v) => String((v as Record<string, unknown>)?.id ?? v)) : [];
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return toLocalInput(value);
  if (f.type === 'Json') return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return String(value);
}

function displayValue(f: FieldInfo, value: unknown, related?: Record<string, unknown> | Record<string, unknown>[] | null): string {
  if (value === null || value === undefined || value === '') {
    if (!related) return '—';
  }
  if (f.relation && related) {
    const tf = fieldsOf(f.relation.target);
    return Array.isArray(related) ? related.map((r) => reprOf(f.relation!.target, tf, r)).join(', ') || '—' : reprOf(f.relation.target, tf, related);
  }
  if (value instanceof Date) return formatLocal(value);
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The related model's rows as options (all of them, or only the selected when the widget is autocomplete). */
async function relationChoices(f: FieldInfo, widget: Widget, selected: string[]): Promise<{ value: string; label: string }[]> {
  const target = f.relation!.target;
  const tf = fieldsOf(target);
  const pk = tf.find((x) => x.isId)!;
  const nameField = tf.find((x) => ['name', 'title', 'email', 'slug'].includes(x.name) && x.type === 'String');
  const keys = selected.map((s) => parseKey({ pk }, s)).filter((k) => k !== null);
  const where = widget === 'autocomplete' || widget === 'autocomplete-multiple' ? { [pk.name]: { in: keys } } : {};
  const rows = await delegate(target).findMany({ where, select: reprSelect(tf), orderBy: nameField ? [{ [nameField.name]: 'asc' }, { [pk.name]: 'asc' }] : { [pk.name]: 'asc' }, take: AUTOCOMPLETE_THRESHOLD + 1 });
  return rows.map((r) => ({ value: String(r[pk.name]), label: reprOf(target, tf, r) }));
}

/** Counts of related tables, cached briefly: whether a relation gets autocomplete. */
const sizes = new Map<string, { n: number; at: number }>();
async function isLarge(model: string): Promise<boolean> {
  const hit = sizes.get(model);
  if (hit && Date.now() - hit.at < 60_000) return hit.n > AUTOCOMPLETE_THRESHOLD;
  const n = await delegate(model).count();
  sizes.set(model, { n, at: Date.now() });
  return n > AUTOCOMPLETE_THRESHOLD;
}

/** The widget of a field on this model's form: autocomplete for ModelAdmin.autocompleteFields and large tables. */
export async function widgetOf(ma: AdminModel, f: FieldInfo): Promise<Widget> {
  if (f.relation?.kind !== 'fk' && f.relation?.kind !== 'm2m') return f.widget;
  const auto = ((ma.admin.autocompleteFields as string[] | undefined) ?? []).includes(f.name) || (await isLarge(f.relation.target));
  if (!auto) return f.widget;
  return f.relation.kind === 'fk' ? 'autocomplete' : 'autocomplete-multiple';
}

async function buildField(ma: AdminModel, f: FieldInfo, value: unknown, readonly: boolean, related: unknown, lang: AdminLang): Promise<FormField> {
  const widget = await widgetOf(ma, f);
  const v = f.relation?.kind === 'fk' ? (value ?? '') : formValue(f, value);
  const formV = f.relation?.kind === 'fk' ? (v === '' || v === null ? '' : String(v)) : v;
  const field: FormField = {
    name: f.name,
    label: fieldLabel(ma, f.name, lang),
    widget,
    required: f.isRequired && !f.hasDefault && f.type !== 'Boolean' && !readonly,
    readonly,
    value: formV as FormField['value'],
    display: displayValue(f, value, related as Record<string, unknown> | null),
  };
  if (f.name === 'slug') field.help = lang === 'ko' ? '주소에 쓰입니다. 한글도 됩니다.' : 'Used in the address; Korean is fine.';
  if (f.widget === 'datetime') field.help = lang === 'ko' ? `${SITE_TIME_ZONE} 시각` : `Time in ${SITE_TIME_ZONE}`;
  if (f.widget === 'select') {
    const opts = (f.choices ?? []).map((c) => ({ value: c, label: choiceLabel(ma, f.name, c, lang) }));
    field.choices = f.isRequired ? opts : [{ value: '', label: '—' }, ...opts];
  }
  if (f.relation && !readonly) {
    const selected = Array.isArray(formV) ? formV : formV ? [String(formV)] : [];
    field.choices = await relationChoices(f, widget, selected);
    if (f.relation.kind === 'fk' && !f.isRequired) field.choices.unshift({ value: '', label: '—' });
    if (widget === 'autocomplete' || widget === 'autocomplete-multiple') field.autocomplete = { app: ma.app, model: ma.modelSlug, field: f.name };
  }
  return field;
}

/** The select for loading an object with what its form shows: scalars, m2m ids, fk rows' names. */
function objectSelect(ma: AdminModel): Record<string, unknown> {
  const select: Record<string, unknown> = {};
  for (const f of ma.fields) {
    if (f.kind !== 'object') select[f.name] = true;
    else if (f.relation?.kind === 'fk' || f.relation?.kind === 'm2m') select[f.name] = { select: reprSelect(fieldsOf(f.relation.target)) };
  }
  return select;
}

export async function loadObject(user: AdminUser, ma: AdminModel, id: string): Promise<Record<string, unknown> | null> {
  requireAccess(user, ma, 'view');
  const key = parseKey(ma, id);
  if (key === null) return null;
  const row = await delegate(ma.model).findUnique({ where: { [ma.pk.name]: key }, select: objectSelect(ma) });
  if (!row) return null;
  if (!mayOnRow(user, ma, 'view', row)) throw new PermissionDenied(`You may not view this ${ma.verboseName}.`);
  return row;
}

/**
 * Builds the form. `submitted` (form values by control name) replaces the object's values: the form shown again
 * after a refused save keeps what the person typed.
 */
export async function buildForm(
  user: AdminUser,
  ma: AdminModel,
  object: Record<string, unknown> | null,
  opts: { lang?: AdminLang; submitted?: Record<string, string | string[] | boolean>; inlineSubmitted?: Record<string, { id: string | null; values: Record<string, string | string[] | boolean> }[]> } = {},
): Promise<FormSpec> {
  const lang = opts.lang ?? 'ko';
  const adding = object === null;
  const access = requireAccess(user, ma, adding ? 'add' : 'view');
  if (object && !mayOnRow(user, ma, 'view', object)) throw new PermissionDenied(`You may not view this ${ma.verboseName}.`);
  const canEdit = adding ? access.add : mayOnRow(user, ma, 'change', object);
  const { editable, readonly } = formFields(user, ma, { adding });
  const built = new Map<string, FormField>();
  for (const f of editable) {
    let value: unknown;
    if (opts.submitted && f.name in opts.submitted) value = opts.submitted[f.name];
    else if (object) value = f.relation?.kind === 'fk' ? object[f.relation.fields[0]] : object[f.name];
    else if (ma.owner?.relation === f.name) value = user.id;
    else value = f.defaultValue ?? (f.widget === 'checkbox' ? false : null);
    const related = object && f.relation ? object[f.name] : null;
    const field = await buildField(ma, f, value, !canEdit, related, lang);
    if (opts.submitted && f.name in opts.submitted) field.value = opts.submitted[f.name] as FormField['value'];
    built.set(f.name, field);
  }
  for (const f of readonly) {
    const value = object ? (f.relation?.kind === 'fk' ? object[f.relation.fields[0]] : object[f.name]) : null;
    const field = await buildField(ma, f, value, true, object && f.relation ? object[f.name] : null, lang);
    built.set(f.name, field);
  }
  // Fieldsets as declared (the fields missing from every set trail in an untitled one), else one set of all.
  const fieldsets: FormSpec['fieldsets'] = [];
  const used = new Set<string>();
  for (const set of ma.admin.fieldsets ?? []) {
    const fields = (set.fields as string[]).map((n) => built.get(n)).filter((x): x is FormField => !!x);
    fields.forEach((x) => used.add(x.name));
    if (fields.length) fieldsets.push({ title: set.title ?? null, fields });
  }
  const rest = [...built.values()].filter((x) => !used.has(x.name));
  if (rest.length) fieldsets.push({ title: null, fields: rest });
  // Form-only fields (ModelAdmin.extraFields, e.g. "set password"): the app's beforeSave takes them out of the data.
  const extras: FormField[] = (ma.admin.extraFields ?? []).map((x) => ({
    name: x.name,
    label: lang === 'en' ? (x.labelEn ?? x.label) : x.label,
    widget: x.widget,
    required: false,
    readonly: !canEdit,
    value: x.widget === 'password' ? '' : typeof opts.submitted?.[x.name] === 'string' ? (opts.submitted[x.name] as string) : '',
    display: '',
    ...((lang === 'en' ? (x.helpEn ?? x.help) : x.help) ? { help: lang === 'en' ? (x.helpEn ?? x.help) : x.help } : {}),
  }));
  if (extras.length) {
    if (fieldsets.length) fieldsets[0].fields.push(...extras);
    else fieldsets.push({ title: null, fields: extras });
  }

  const inlines: InlineSpec[] = [];
  for (const inline of ma.admin.inlines ?? []) {
    const spec = await buildInline(user, ma, inline as { field: string; fields?: string[]; extra?: number }, object, canEdit, lang, opts.inlineSubmitted?.[inline.field as string]);
    if (spec) inlines.push(spec);
  }
  const prepopulated: Record<string, string[]> = {};
  for (const [target, sources] of Object.entries(ma.admin.prepopulatedFields ?? {})) {
    if (built.get(target) && !built.get(target)!.readonly) prepopulated[target] = (sources as string[]) ?? [];
  }
  return {
    model: ma,
    access,
    id: object ? String(object[ma.pk.name]) : null,
    repr: object ? reprOf(ma.model, ma.fields, object) : null,
    version: object && ma.hasVersion ? Number(object.version) : null,
    fieldsets,
    inlines,
    prepopulated,
    timeZone: SITE_TIME_ZONE,
    readonly: !canEdit,
  };
}

/** The fields an inline edits on the related model (declared, else every editable one but the key back to the parent). */
export function inlineFields(inline: { field: string; fields?: string[] }, parent: AdminModel): { rel: FieldInfo; target: string; back: string; fields: FieldInfo[] } | null {
  const rel = parent.fields.find((f) => f.name === inline.field && f.relation?.kind === 'reverse' && f.relation.fields.length === 1);
  if (!rel?.relation?.opposite) return null;
  const target = rel.relation.target;
  const tf = fieldsOf(target);
  const back = rel.relation.opposite;
  const chosen = inline.fields?.length ? inline.fields.map((n) => tf.find((f) => f.name === n)).filter((f): f is FieldInfo => !!f) : tf;
  return { rel, target, back, fields: chosen.filter((f) => isEditable(f) && !f.derived && f.name !== back && f.relation?.kind !== 'reverse' && f.relation?.kind !== 'm2m') };
}

async function buildInline(
  user: AdminUser,
  parent: AdminModel,
  inline: { field: string; fields?: string[]; extra?: number },
  object: Record<string, unknown> | null,
  canEdit: boolean,
  lang: AdminLang,
  submitted?: { id: string | null; values: Record<string, string | string[] | boolean> }[],
): Promise<InlineSpec | null> {
  const info = inlineFields(inline, parent);
  if (!info) return null;
  const targetMa = (await modelByName(info.target)) ?? parent;
  const tf = fieldsOf(info.target);
  const pk = tf.find((f) => f.isId)!;
  const fkColumn = info.rel.relation!.fields[0];
  const rows: InlineSpec['rows'] = [];
  const field = (f: FieldInfo, value: unknown) => buildField(targetMa, f, value, !canEdit, null, lang);
  if (submitted) {
    for (const row of submitted) rows.push({ id: row.id, fields: await Promise.all(info.fields.map(async (f) => ({ ...(await field(f, null)), value: row.values[f.name] ?? '' }))) });
  } else {
    if (object) {
      const existing = await delegate(info.target).findMany({ where: { [fkColumn]: object[parent.pk.name] }, orderBy: { [pk.name]: 'asc' }, take: 200 });
      for (const r of existing) rows.push({ id: String(r[pk.name]), fields: await Promise.all(info.fields.map((f) => field(f, f.relation?.kind === 'fk' ? r[f.relation.fields[0]] : r[f.name]))) });
    }
    if (canEdit) for (let i = 0; i < (inline.extra ?? 1); i++) rows.push({ id: null, fields: await Promise.all(info.fields.map((f) => field(f, f.defaultValue ?? null))) });
  }
  void user;
  return {
    field: inline.field,
    model: info.target,
    label: targetMa === parent ? fieldLabel(parent, info.rel.name, lang) : targetMa.verboseNamePlural,
    prefix: inline.field,
    fields: await Promise.all(info.fields.map((f) => field(f, null))),
    rows,
  };
}

export async function formSpec(user: AdminUser, ma: AdminModel, object: Record<string, unknown> | null, opts: { lang?: AdminLang } = {}): Promise<FormSpec> {
  return buildForm(user, ma, object, opts);
}

export async function autocomplete(user: AdminUser, ma: AdminModel, field: string, q: string): Promise<{ results: { id: string; text: string }[]; more: boolean }> {
  const access = requireAccess(user, ma, 'view');
  if (!access.add && !access.change) throw new PermissionDenied(`You may not edit ${ma.verboseNamePlural}.`);
  const f = ma.fields.find((x) => x.name === field && (x.relation?.kind === 'fk' || x.relation?.kind === 'm2m'));
  if (!f?.relation) return { results: [], more: false };
  if (ma.owner?.relation === f.name && ownerLocked(user, ma)) throw new PermissionDenied('You may not choose another owner.');
  const target = f.relation.target;
  const tf = fieldsOf(target);
  const pk = tf.find((x) => x.isId)!;
  const text = tf.filter((x) => ['name', 'title', 'email', 'slug'].includes(x.name) && x.type === 'String');
  const term = String(q ?? '').trim().slice(0, 100);
  const insensitive = adminProvider() === 'postgresql' ? { mode: 'insensitive' } : {};
  const where = term && text.length ? { OR: text.map((x) => ({ [x.name]: { contains: term, ...insensitive } })) } : {};
  const rows = await delegate(target).findMany({ where, select: reprSelect(tf), orderBy: text[0] ? [{ [text[0].name]: 'asc' }, { [pk.name]: 'asc' }] : { [pk.name]: 'asc' }, take: 21 });
  return { results: rows.slice(0, 20).map((r) => ({ id: String(r[pk.name]), text: reprOf(target, tf, r) })), more: rows.length > 20 };
}
