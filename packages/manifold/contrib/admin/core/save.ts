// Saving a change form: parse the submitted FormData with a zod schema made from the field info, check what only
// the database can (unique values, related rows that exist), run the app's beforeSave hook, write under optimistic
// locking (`where: { id, version }` + increment), save the inlines in the same transaction, log the changed fields
// and run afterSave. A refusal comes back per field; a stale save comes back with both versions, nothing lost.
import { z } from 'zod';
import { AdminValidationError } from '../../../lib/app';
import { adminDb } from './db';
import { hasPerm, mayOnRow, PermissionDenied, requireAccess } from './access';
import { buildForm, formFields, formValue, inlineFields, ownerLocked } from './forms';
import { parseKey, logAction } from './log';
import { adminHooksFor } from './hooks';
import { delegate, fieldLabel, fieldsOf, invalidateCounts, modelByName, reprOf, type AnyDelegate } from './site';
import { parseLocalInput } from './tz';
import type { AdminLang, AdminModel, AdminUser, FieldInfo, SaveResult } from './types';

const MAX_TEXT = 1_000_000;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const MAX_INLINE_ROWS = 200;

const ko = {
  required: '필수 항목입니다.',
  notInt: '정수를 입력하세요.',
  notNumber: '숫자를 입력하세요.',
  outOfRange: '범위를 벗어난 값입니다.',
  notDate: '올바른 날짜와 시각을 입력하세요 (YYYY-MM-DDTHH:mm).',
  notChoice: (choices: string[]) => `다음 중 하나를 고르세요: ${choices.join(', ')}`,
  notJson: (why: string) => `올바른 JSON이 아닙니다: ${why}`,
  tooLong: '너무 깁니다.',
  noSuchRow: '선택한 항목이 없습니다. 다시 고르세요.',
  unique: (model: string, field: string) => `같은 ${field} 값을 가진 ${model}이(가) 이미 있습니다.`,
  stale: '다른 사람이 먼저 이 항목을 저장했습니다. 아래에서 그 사람의 값과 내 값을 비교해 다시 저장하세요.',
  gone: '이 항목은 그사이 삭제되었습니다.',
  badVersion: '양식이 오래되었거나 손상되었습니다. 페이지를 다시 여세요.',
  added: (m: string, r: string) => `${m} "${r}"을(를) 추가했습니다.`,
  changed: (m: string, r: string) => `${m} "${r}"을(를) 변경했습니다.`,
  ownerOnly: '다른 사람의 항목은 바꿀 수 없습니다.',
};
const en: typeof ko = {
  required: 'This field is required.',
  notInt: 'Enter a whole number.',
  notNumber: 'Enter a number.',
  outOfRange: 'The value is out of range.',
  notDate: 'Enter a valid date and time (YYYY-MM-DDTHH:mm).',
  notChoice: (choices: string[]) => `Select one of: ${choices.join(', ')}`,
  notJson: (why: string) => `Not valid JSON: ${why}`,
  tooLong: 'Too long.',
  noSuchRow: 'The chosen row does not exist; choose again.',
  unique: (model: string, field: string) => `A ${model} with this ${field} already exists.`,
  stale: 'Someone else saved this since you opened it. Compare their values with yours below and save again.',
  gone: 'This was deleted in the meantime.',
  badVersion: 'The form is out of date or damaged; open the page again.',
  added: (m: string, r: string) => `Added ${m} "${r}".`,
  changed: (m: string, r: string) => `Changed ${m} "${r}".`,
  ownerOnly: 'You may not change someone else’s rows.',
};
export const saveText = (lang: AdminLang = 'ko') => (lang === 'en' ? en : ko);

type Raw = string | string[] | boolean;

/** What one control of `f` submitted (checkboxes: present or not; multi-selects: every value). */
function rawValue(form: FormData, name: string, f: FieldInfo): Raw {
  if (f.widget === 'checkbox') {
    const v = form.get(name);
    return v !== null && v !== '' && v !== '0' && v !== 'false' && v !== 'off';
  }
  if (f.relation?.kind === 'm2m') return form.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** The zod schema of one field's submitted value → the value Prisma stores (undefined: leave the column alone). */
export function fieldSchema(f: FieldInfo, t: typeof ko): z.ZodType<unknown> {
  const blank = (v: unknown) => v === '' || v === undefined || v === null;
  const optional = !f.isRequired;
  // A required column with a default and a blank value: the default (on add) or leave it (on change).
  const onBlank = (): unknown => (optional ? null : f.hasDefault ? undefined : z.NEVER);
  const req = <T>(inner: (v: string, ctx: z.RefinementCtx) => T) =>
    z.string().transform((v, ctx) => {
      if (blank(v.trim()) && f.type !== 'String') {
        const b = onBlank();
        if (b === z.NEVER) {
          ctx.addIssue({ code: 'custom', message: t.required });
          return z.NEVER;
        }
        return b;
      }
      return inner(v, ctx);
    });
  if (f.relation?.kind === 'm2m') return z.array(z.string().max(200)).max(10_000);
  if (f.widget === 'checkbox') return z.boolean();
  if (f.relation?.kind === 'fk') {
    return req((v, ctx) => {
      const target = fieldsOf(f.relation!.target).find((x) => x.isId)!;
      const key = parseKey({ pk: target }, v.trim());
      if (key === null) {
        ctx.addIssue({ code: 'custom', message: t.noSuchRow });
        return z.NEVER;
      }
      return key;
    });
  }
  switch (f.type) {
    case 'Int':
    case 'BigInt':
      return req((v, ctx) => {
        if (!/^-?\d{1,18}$/.test(v.trim())) {
          ctx.addIssue({ code: 'custom', message: t.notInt });
          return z.NEVER;
        }
        const n = Number(v.trim());
        if (f.type === 'Int' && (n < INT_MIN || n > INT_MAX)) {
          ctx.addIssue({ code: 'custom', message: t.outOfRange });
          return z.NEVER;
        }
        return f.type === 'BigInt' ? BigInt(v.trim()) : n;
      });
    case 'Float':
    case 'Decimal':
      return req((v, ctx) => {
        const n = Number(v.trim());
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: t.notNumber });
          return z.NEVER;
        }
        return f.type === 'Decimal' ? v.trim() : n;
      });
    case 'DateTime':
      return req((v, ctx) => {
        const d = parseLocalInput(v);
        if (!d) {
          ctx.addIssue({ code: 'custom', message: t.notDate });
          return z.NEVER;
        }
        return d;
      });
    case 'Json':
      return req((v, ctx) => {
        try {
          return JSON.parse(v);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: t.notJson((err as Error).message) });
          return z.NEVER;
        }
      });
    default:
      break;
  }
  if (f.choices?.length) {
    return z.string().transform((v, ctx) => {
      if (v === '') {
        const b = onBlank();
        if (b !== z.NEVER) return b;
        ctx.addIssue({ code: 'custom', message: t.required });
        return z.NEVER;
      }
      if (!f.choices!.includes(v)) {
        ctx.addIssue({ code: 'custom', message: t.notChoice(f.choices!) });
        return z.NEVER;
      }
      return v;
    });
  }
  // Text: line endings as the browser sends them (\r\n) become \n; a required text without default may not be blank.
  return z
    .string()
    .max(MAX_TEXT, t.tooLong)
    .transform((v, ctx) => {
      const text = v.replace(/\r\n?/g, '\n');
      if (text.trim() === '') {
        if (optional) return null;
        if (!f.hasDefault) {
          ctx.addIssue({ code: 'custom', message: t.required });
          return z.NEVER;
        }
        return '';
      }
      return f.widget === 'textarea' ? text : text.trim();
    });
}

/** Parses the fields of one row; errors are keyed `${prefix}${field}`. */
function parseFields(fields: FieldInfo[], read: (f: FieldInfo) => Raw, t: typeof ko, errors: Record<string, string[]>, prefix = '') {
  const values: Record<string, unknown> = {};
  const raws: Record<string, Raw> = {};
  for (const f of fields) {
    const raw = read(f);
    raws[f.name] = raw;
    const parsed = fieldSchema(f, t).safeParse(raw);
    if (!parsed.success) errors[`${prefix}${f.name}`] = parsed.error.issues.map((i) => i.message);
    else if (parsed.data !== undefined) values[f.name] = parsed.data;
  }
  return { values, raws };
}

/** Related rows named by fk and m2m fields must exist. */
async function checkRelations(fields: FieldInfo[], values: Record<string, unknown>, t: typeof ko, errors: Record<string, string[]>, prefix = '') {
  for (const f of fields) {
    if (!f.relation || !(f.name in values) || values[f.name] === null) continue;
    const target = fieldsOf(f.relation.target).find((x) => x.isId)!;
    if (f.relation.kind === 'fk') {
      const found = await delegate(f.relation.target).findUnique({ where: { [target.name]: values[f.name] }, select: { [target.name]: true } });
      if (!found) errors[`${prefix}${f.name}`] = [t.noSuchRow];
    } else if (f.relation.kind === 'm2m') {
      const keys = (values[f.name] as string[]).map((s) => parseKey({ pk: target }, s));
      if (keys.some((k) => k === null)) {
        errors[`${prefix}${f.name}`] = [t.noSuchRow];
        continue;
      }
      const unique = [...new Set(keys)];
      const n = unique.length ? await delegate(f.relation.target).count({ where: { [target.name]: { in: unique } } }) : 0;
      if (n !== unique.length) errors[`${prefix}${f.name}`] = [t.noSuchRow];
      else values[f.name] = unique;
    }
  }
}

/** Unique scalar values taken by another row. */
async function checkUnique(model: string, verbose: string, fields: FieldInfo[], values: Record<string, unknown>, pkName: string, pk: unknown, t: typeof ko, errors: Record<string, string[]>, prefix = '', label: (f: FieldInfo) => string = (f) => f.label.toLowerCase()) {
  for (const f of fields) {
    if (!f.isUnique || f.isId || f.kind === 'object' || values[f.name] === undefined || values[f.name] === null) continue;
    if (errors[`${prefix}${f.name}`]) continue;
    const other = await delegate(model).findFirst({ where: { [f.name]: values[f.name], ...(pk !== null && pk !== undefined ? { NOT: { [pkName]: pk } } : {}) }, select: { [pkName]: true } });
    if (other) errors[`${prefix}${f.name}`] = [t.unique(verbose, label(f))];
  }
}

/** Values → Prisma data: fk relations as their key column, m2m as connect (create) or set (update). */
function toData(fields: FieldInfo[], values: Record<string, unknown>, creating: boolean, pkOf: (model: string) => string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.name in values)) continue;
    const v = values[f.name];
    if (f.relation?.kind === 'fk') data[f.relation.fields[0]] = v;
    else if (f.relation?.kind === 'm2m') {
      const list = (v as unknown[]).map((k) => ({ [pkOf(f.relation!.target)]: k }));
      data[f.name] = creating ? { connect: list } : { set: list };
    } else data[f.name] = v;
  }
  return data;
}

/** Names of the fields whose value differs between the stored row and the data written. */
function changedFields(fields: FieldInfo[], before: Record<string, unknown> | null, values: Record<string, unknown>): string[] {
  if (!before) return [];
  const norm = (v: unknown): string => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return JSON.stringify(v.map((x) => String((x as Record<string, unknown>)?.id ?? x)).sort());
    if (v === undefined) return 'null';
    return JSON.stringify(v);
  };
  const out: string[] = [];
  for (const f of fields) {
    if (!(f.name in values)) continue;
    const old = f.relation?.kind === 'fk' ? before[f.relation.fields[0]] : before[f.name];
    if (norm(old) !== norm(values[f.name])) out.push(f.name);
  }
  return out;
}

type Tx = Record<string, AnyDelegate>;
const delegateName = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);

interface ParsedInlineRow {
  id: string | number | null;
  del: boolean;
  values: Record<string, unknown>;
  raws: Record<string, Raw>;
}

export async function saveObject(user: AdminUser, ma: AdminModel, id: string | null, form: FormData, opts: { lang?: AdminLang } = {}): Promise<SaveResult> {
  const lang = opts.lang ?? 'ko';
  const t = saveText(lang);
  const creating = id === null;
  requireAccess(user, ma, creating ? 'add' : 'change');
  const pkName = ma.pk.name;
  const key = creating ? null : parseKey(ma, id);
  if (!creating && key === null) return { ok: false, errors: {}, nonFieldErrors: [t.gone], form: null };
  const model = delegate(ma.model);
  const existing = creating ? null : await model.findUnique({ where: { [pkName]: key }, include: Object.fromEntries(ma.fields.filter((f) => f.relation?.kind === 'm2m').map((f) => [f.name, { select: { [fieldsOf(f.relation!.target).find((x) => x.isId)!.name]: true } }])) });
  if (!creating && !existing) return { ok: false, errors: {}, nonFieldErrors: [t.gone], form: null };
  if (existing && !mayOnRow(user, ma, 'change', existing)) throw new PermissionDenied(t.ownerOnly);

  const { editable } = formFields(user, ma, { adding: creating });
  const errors: Record<string, string[]> = {};
  const nonFieldErrors: string[] = [];
  // On a change, a control the form did not carry leaves its field alone (a checkbox or multi-select cannot say
  // "absent", so those are read as unticked / none, as HTML sends them).
  const submittedFields = creating ? editable : editable.filter((f) => form.has(f.name) || f.widget === 'checkbox' || f.relation?.kind === 'm2m');
  const { values, raws } = parseFields(submittedFields, (f) => rawValue(form, f.name, f), t, errors);

  // Ownership: a new row is the user's unless they may assign it (and did); an owner-limited user cannot move it.
  if (ma.owner) {
    const ownerField = ma.fields.find((f) => f.name === ma.owner!.relation)!;
    if (ownerLocked(user, ma)) {
      delete values[ownerField.name];
      if (creating) values[ownerField.name] = user.id;
    } else if (creating && (values[ownerField.name] === null || values[ownerField.name] === undefined)) values[ownerField.name] = user.id;
  }

  // Optimistic locking: the form carries the version it was built from.
  let version: number | null = null;
  if (!creating && ma.hasVersion) {
    const raw = form.get('_version');
    version = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
    if (version === null) nonFieldErrors.push(t.badVersion);
  }

  // Inlines: `<prefix>-TOTAL_FORMS` rows of `<prefix>-<n>-<field>`, `-id` and `-DELETE`.
  const inlineParsed: { inline: { field: string; fields?: string[] }; info: NonNullable<ReturnType<typeof inlineFields>>; targetMa: AdminModel | null; rows: ParsedInlineRow[] }[] = [];
  for (const inline of (ma.admin.inlines ?? []) as { field: string; fields?: string[] }[]) {
    const info = inlineFields(inline, ma);
    if (!info) continue;
    const totalRaw = form.get(`${inline.field}-TOTAL_FORMS`);
    if (totalRaw === null) continue;
    const total = typeof totalRaw === 'string' && /^\d{1,4}$/.test(totalRaw) ? Math.min(Number(totalRaw), MAX_INLINE_ROWS) : 0;
    const targetMa = await modelByName(info.target);
    const tpk = fieldsOf(info.target).find((f) => f.isId)!;
    const rows: ParsedInlineRow[] = [];
    for (let n = 0; n < total; n++) {
      const prefix = `${inline.field}-${n}-`;
      const idRaw = form.get(`${prefix}id`);
      const rowId = typeof idRaw === 'string' && idRaw !== '' ? parseKey({ pk: tpk }, idRaw) : null;
      if (typeof idRaw === 'string' && idRaw !== '' && rowId === null) {
        nonFieldErrors.push(t.badVersion);
        continue;
      }
      const del = rowId !== null && form.get(`${prefix}DELETE`) !== null;
      const touched = info.fields.some((f) => {
        const v = form.get(`${prefix}${f.name}`);
        return typeof v === 'string' && v.trim() !== '' && !(f.defaultValue !== undefined && v === String(f.defaultValue));
      });
      if (rowId === null && !touched) continue; // an untouched extra row
      const rowErrors: Record<string, string[]> = {};
      const { values: rv, raws: rr } = del ? { values: {}, raws: {} } : parseFields(info.fields, (f) => rawValue(form, `${prefix}${f.name}`, f), t, rowErrors, prefix);
      if (!del) {
        await checkRelations(info.fields, rv, t, rowErrors, prefix);
        await checkUnique(info.target, targetMa?.verboseName ?? info.target, info.fields, rv, tpk.name, rowId, t, rowErrors, prefix, (f) => (targetMa ? fieldLabel(targetMa, f.name, lang) : f.label));
      }
      Object.assign(errors, rowErrors);
      rows.push({ id: rowId, del, values: rv, raws: rr });
    }
    // Two new rows of the same form may not take the same unique value either.
    for (const f of info.fields.filter((x) => x.isUnique)) {
      const seen = new Map<unknown, number>();
      rows.forEach((r, n) => {
        const v = r.values[f.name];
        if (v === undefined || v === null || r.del) return;
        if (seen.has(v)) errors[`${inline.field}-${n}-${f.name}`] = [t.unique(targetMa?.verboseName ?? info.target, f.label.toLowerCase())];
        seen.set(v, n);
      });
    }
    if (targetMa) {
      const needs = rows.some((r) => r.del) ? 'delete' : rows.some((r) => r.id === null) ? 'add' : 'change';
      if (rows.length && !hasPerm(user, targetMa.perms[needs])) throw new PermissionDenied(`You may not ${needs} ${targetMa.verboseNamePlural}.`);
    }
    inlineParsed.push({ inline, info, targetMa, rows });
  }

  await checkRelations(editable.filter((f) => !errors[f.name]), values, t, errors);
  await checkUnique(ma.model, ma.verboseName, editable, values, pkName, key, t, errors, '', (f) => fieldLabel(ma, f.name, lang));

  // The app's hook: derived fields (a post's compiled output) and refusals (a post that does not compile).
  const hooks = await adminHooksFor(ma.app, ma.model);
  let data = toData(editable, values, creating, (m) => fieldsOf(m).find((x) => x.isId)!.name);
  // The owner column of a locked owner field is not among the editable fields: set it here.
  if (ma.owner && values[ma.owner.relation] !== undefined) data[ma.owner.column] = values[ma.owner.relation];
  // Form-only fields go to the app's beforeSave (which turns "set password" into a hash), never to the database.
  const extraNames = new Set((ma.admin.extraFields ?? []).map((x) => x.name));
  for (const name of extraNames) {
    const raw = form.get(name);
    if (typeof raw === 'string' && raw !== '' && raw.length <= 10_000) data[name] = raw;
  }
  if (!Object.keys(errors).length && !nonFieldErrors.length && hooks?.beforeSave) {
    try {
      data = await hooks.beforeSave({ data, existing, user: { id: user.id, permissions: user.permissions, isSuperuser: user.isSuperuser }, db: adminDb() });
    } catch (err) {
      if (!(err instanceof AdminValidationError)) throw err;
      for (const e of err.errors) {
        if (e.field) (errors[e.field] ??= []).push(e.message);
        else nonFieldErrors.push(e.message);
      }
    }
  }

  // Whatever a hook left that is not a column of the model (an extra field no hook consumed) is not written.
  const columns = new Set(ma.fields.map((f) => f.name));
  for (const k of Object.keys(data)) if (!columns.has(k)) delete data[k];
  const submitted: Record<string, Raw> = { ...raws };
  for (const name of extraNames) {
    const raw = form.get(name);
    if (typeof raw === 'string' && (ma.admin.extraFields ?? []).find((x) => x.name === name)?.widget !== 'password') submitted[name] = raw;
  }
  const inlineSubmitted = Object.fromEntries(inlineParsed.map((p) => [p.inline.field, p.rows.map((r) => ({ id: r.id === null ? null : String(r.id), values: r.raws }))]));
  const refuse = async (extra: Partial<Extract<SaveResult, { ok: false }>> = {}): Promise<SaveResult> => ({
    ok: false,
    errors,
    nonFieldErrors,
    form: await buildForm(user, ma, existing, { lang, submitted, inlineSubmitted }).catch(() => null),
    ...extra,
  });
  if (Object.keys(errors).length || nonFieldErrors.length) return refuse();

  // ---- write: the row, then its inlines, in one transaction
  const db = adminDb();
  type Outcome = { kind: 'ok'; row: Record<string, unknown> } | { kind: 'stale' } | { kind: 'gone' } | { kind: 'unique'; field: string };
  let outcome: Outcome;
  try {
    outcome = await db.$transaction(async (txClient) => {
      const tx = txClient as unknown as Tx;
      const d = tx[delegateName(ma.model)];
      let row: Record<string, unknown>;
      if (creating) {
        row = await d.create({ data });
      } else {
        const scalars: Record<string, unknown> = {};
        const nested: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(data)) (ma.fields.find((f) => f.name === k)?.relation ? nested : scalars)[k] = v;
        if (ma.hasVersion) {
          const res = await d.updateMany({ where: { [pkName]: key, version }, data: { ...scalars, version: { increment: 1 } } });
          if (res.count === 0) return (await d.findUnique({ where: { [pkName]: key }, select: { [pkName]: true } })) ? { kind: 'stale' as const } : { kind: 'gone' as const };
          row = Object.keys(nested).length ? await d.update({ where: { [pkName]: key }, data: nested }) : (await d.findUnique({ where: { [pkName]: key } }))!;
        } else {
          row = await d.update({ where: { [pkName]: key }, data });
        }
      }
      const parentKey = row[pkName];
      for (const p of inlineParsed) {
        const td = tx[delegateName(p.info.target)];
        const tpk = fieldsOf(p.info.target).find((f) => f.isId)!.name;
        const fk = p.info.rel.relation!.fields[0];
        for (const r of p.rows) {
          const rowData = toData(p.info.fields, r.values, r.id === null, (m) => fieldsOf(m).find((x) => x.isId)!.name);
          // Only rows that belong to this parent: an id from another parent in a crafted form changes nothing.
          if (r.id !== null && r.del) await td.deleteMany({ where: { [tpk]: r.id, [fk]: parentKey } });
          else if (r.id !== null) await td.updateMany({ where: { [tpk]: r.id, [fk]: parentKey }, data: rowData });
          else await td.create({ data: { ...rowData, [fk]: parentKey } });
        }
      }
      return { kind: 'ok' as const, row };
    });
  } catch (err) {
    // A unique value taken between the check and the write.
    const target = (err as { code?: string; meta?: { target?: unknown } }).code === 'P2002' ? (err as { meta?: { target?: unknown } }).meta?.target : undefined;
    if ((err as { code?: string }).code !== 'P2002') throw err;
    const names = Array.isArray(target) ? target.map(String) : typeof target === 'string' ? [target] : [];
    const field = editable.find((f) => names.some((n) => n === f.name || n.includes(f.name)))?.name;
    if (field) errors[field] = [t.unique(ma.verboseName, field)];
    else nonFieldErrors.push(t.unique(ma.verboseName, names.join(', ') || '?'));
    return refuse();
  }
  if (outcome.kind === 'gone') {
    nonFieldErrors.push(t.gone);
    return refuse();
  }
  if (outcome.kind === 'stale') {
    const current = await model.findUnique({ where: { [pkName]: key }, include: Object.fromEntries(ma.fields.filter((f) => f.relation?.kind === 'm2m').map((f) => [f.name, { select: { [fieldsOf(f.relation!.target).find((x) => x.isId)!.name]: true } }])) });
    const theirs: Record<string, Raw> = {};
    const yours: Record<string, Raw> = {};
    const changed: string[] = [];
    for (const f of editable) {
      const v = f.relation?.kind === 'fk' ? current?.[f.relation.fields[0]] : current?.[f.name];
      theirs[f.name] = f.relation?.kind === 'fk' ? (v === null || v === undefined ? '' : String(v)) : formValue(f, v);
      yours[f.name] = submitted[f.name];
      if (JSON.stringify(theirs[f.name]) !== JSON.stringify(yours[f.name])) changed.push(f.name);
    }
    nonFieldErrors.push(t.stale);
    // The form is rebuilt on the current row (its version), with the person's own values kept in it.
    return {
      ok: false,
      errors,
      nonFieldErrors,
      conflict: { theirs, yours, changed, version: Number(current?.version ?? 0) },
      form: current ? await buildForm(user, ma, current, { lang, submitted, inlineSubmitted }).catch(() => null) : null,
    };
  }

  const row = outcome.row;
  const newId = String(row[pkName]);
  const repr = reprOf(ma.model, ma.fields, row);
  invalidateCounts(ma.model);
  for (const p of inlineParsed) if (p.rows.length) invalidateCounts(p.info.target);
  const changed = changedFields(editable, existing, values);
  for (const k of Object.keys(data)) if (!changed.includes(k) && !editable.some((f) => f.name === k || f.relation?.fields[0] === k) && existing && JSON.stringify(existing[k]) !== JSON.stringify(data[k])) changed.push(k);
  for (const p of inlineParsed) if (p.rows.length) changed.push(p.inline.field);
  await logAction(user, ma, [{ objectId: newId, objectRepr: repr }], creating ? 'add' : 'change', creating ? {} : { changed });
  await hooks?.afterSave?.({ object: row, created: creating, db: adminDb() });
  return { ok: true, id: newId, object: row, created: creating, message: creating ? t.added(ma.verboseName, repr) : t.changed(ma.verboseName, repr) };
}
