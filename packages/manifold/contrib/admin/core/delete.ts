// Deleting (with Django's confirmation page: every dependent row that goes with the objects, and every row that
// loses its link) and the bulk actions of a change list.
import { adminDb } from './db';
import { hasPerm, mayOnRow, PermissionDenied, requireAccess } from './access';
import { adminHooksFor } from './hooks';
import { logAction, parseKey } from './log';
import { delegate, fieldsOf, invalidateCounts, modelByName, reprOf, reprSelect } from './site';
import type { AdminLang, AdminModel, AdminUser, DeletePreview } from './types';

const MAX_IDS = 1000;
/** Rows listed per dependent group (the count says how many there are in all). */
const LIST_LIMIT = 100;
/** How deep cascades are followed (a tree of categories deleting its children's children …). */
const MAX_DEPTH = 8;

const ko = {
  deleted: (n: number, m: string) => `${m} ${n}개를 삭제했습니다.`,
  protectedBy: (what: string) => `다른 항목이 참조하고 있어 삭제할 수 없습니다: ${what}`,
  nothing: '선택한 항목이 없습니다.',
  unknownAction: '알 수 없는 작업입니다.',
  done: (n: number) => `${n}개 항목에 작업을 실행했습니다.`,
};
const en: typeof ko = {
  deleted: (n: number, m: string) => `Deleted ${n} ${m}.`,
  protectedBy: (what: string) => `Cannot delete: other rows refer to it (${what}).`,
  nothing: 'No rows were selected.',
  unknownAction: 'Unknown action.',
  done: (n: number) => `Ran the action on ${n} rows.`,
};
const text = (lang: AdminLang = 'ko') => (lang === 'en' ? en : ko);

/** The rows among `ids` the user may `action` on, loaded; plus the ids that are not there (or not theirs). */
async function rowsFor(user: AdminUser, ma: AdminModel, ids: string[], action: 'change' | 'delete') {
  const keys = [...new Set(ids.slice(0, MAX_IDS))].map((id) => [id, parseKey(ma, id)] as const);
  const valid = keys.filter(([, k]) => k !== null).map(([, k]) => k!);
  const found = valid.length ? await delegate(ma.model).findMany({ where: { [ma.pk.name]: { in: valid } } }) : [];
  const allowed = found.filter((r) => mayOnRow(user, ma, action, r));
  const ok = new Set(allowed.map((r) => String(r[ma.pk.name])));
  return { rows: allowed, missing: keys.map(([id]) => id).filter((id) => !ok.has(id)) };
}

export async function deletePreview(user: AdminUser, ma: AdminModel, ids: string[], opts: { lang?: AdminLang } = {}): Promise<DeletePreview> {
  void opts;
  requireAccess(user, ma, 'delete');
  const { rows, missing } = await rowsFor(user, ma, ids, 'delete');
  const preview: DeletePreview = { model: ma, objects: rows.map((r) => ({ id: String(r[ma.pk.name]), repr: reprOf(ma.model, ma.fields, r) })), dependents: [], protected: [], missing };
  const groups = new Map<string, DeletePreview['dependents'][number]>();
  // Breadth-first over the relations pointing at the rows being deleted.
  const seen = new Set<string>(rows.map((r) => `${ma.model}:${String(r[ma.pk.name])}`));
  let frontier: { model: string; keys: unknown[] }[] = [{ model: ma.model, keys: rows.map((r) => r[ma.pk.name]) }];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: { model: string; keys: unknown[] }[] = [];
    for (const { model, keys } of frontier) {
      if (!keys.length) continue;
      for (const rel of fieldsOf(model)) {
        if (rel.relation?.kind !== 'reverse' && rel.relation?.kind !== 'm2m') continue;
        const target = rel.relation.target;
        const tf = fieldsOf(target);
        const tpk = tf.find((f) => f.isId)!;
        const targetMa = await modelByName(target);
        const where = rel.relation.kind === 'm2m' ? { [rel.relation.opposite!]: { some: { [fieldsOf(model).find((f) => f.isId)!.name]: { in: keys } } } } : { [rel.relation.fields[0]]: { in: keys } };
        const count = await delegate(target).count({ where });
        if (!count) continue;
        const listed = await delegate(target).findMany({ where, select: reprSelect(tf), take: LIST_LIMIT, orderBy: { [tpk.name]: 'asc' } });
        const effect = rel.relation.kind === 'm2m' ? 'detach' : rel.relation.onDelete === 'Cascade' ? 'delete' : rel.relation.onDelete === 'SetNull' || rel.relation.onDelete === 'SetDefault' ? 'detach' : 'protect';
        const via = `${model}.${rel.name}`;
        const out = listed.map((r) => ({ id: String(r[tpk.name]), repr: reprOf(target, tf, r) }));
        if (effect === 'protect') {
          preview.protected.push({ model: target, via, rows: out });
          continue;
        }
        // A row that is itself being deleted is not also "detached".
        const fresh = out.filter((r) => !seen.has(`${target}:${r.id}`));
        if (!fresh.length) continue;
        const k = `${target}|${via}|${effect}`;
        const g = groups.get(k) ?? { model: target, verboseNamePlural: targetMa?.verboseNamePlural ?? target, slug: targetMa?.slug ?? null, effect, via, count: 0, rows: [] };
        g.count += fresh.length + Math.max(0, count - out.length);
        g.rows.push(...fresh);
        groups.set(k, g);
        if (effect === 'delete') {
          const all = count > LIST_LIMIT ? await delegate(target).findMany({ where, select: { [tpk.name]: true } }) : listed;
          const newKeys = all.map((r) => r[tpk.name]).filter((id) => !seen.has(`${target}:${String(id)}`));
          newKeys.forEach((id) => seen.add(`${target}:${String(id)}`));
          next.push({ model: target, keys: newKeys });
        }
      }
    }
    frontier = next;
  }
  preview.dependents = [...groups.values()];
  return preview;
}

export async function deleteObjects(user: AdminUser, ma: AdminModel, ids: string[], opts: { lang?: AdminLang } = {}): Promise<{ deleted: number; message: string }> {
  const t = text(opts.lang);
  const preview = await deletePreview(user, ma, ids, opts);
  // Rows that protect the objects (onDelete: Restrict) make it a refusal to show, not an error.
  if (preview.protected.length) return { deleted: 0, message: t.protectedBy(preview.protected.map((p) => `${p.via} (${p.rows.length})`).join(', ')) };
  if (!preview.objects.length) return { deleted: 0, message: t.nothing };
  const keys = preview.objects.map((o) => parseKey(ma, o.id));
  const rows = await delegate(ma.model).findMany({ where: { [ma.pk.name]: { in: keys } } });
  const hooks = await adminHooksFor(ma.app, ma.model);
  const before = await hooks?.beforeDelete?.({ objects: rows, db: adminDb() });
  const res = await delegate(ma.model).deleteMany({ where: { [ma.pk.name]: { in: keys } } });
  invalidateCounts(ma.model);
  for (const d of preview.dependents) invalidateCounts(d.model);
  await logAction(user, ma, preview.objects.map((o) => ({ objectId: o.id, objectRepr: o.repr })), 'delete');
  await hooks?.afterDelete?.({ objects: rows, db: adminDb(), before });
  return { deleted: res.count, message: t.deleted(res.count, ma.verboseNamePlural) };
}

export async function runAction(user: AdminUser, ma: AdminModel, name: string, ids: string[], opts: { lang?: AdminLang } = {}): Promise<{ message: string; count: number }> {
  const t = text(opts.lang);
  if (name === 'delete_selected') {
    const r = await deleteObjects(user, ma, ids, opts);
    return { message: r.message, count: r.deleted };
  }
  const declared = (ma.admin.actions ?? []).find((a) => a.name === name);
  const hooks = await adminHooksFor(ma.app, ma.model);
  const run = hooks?.actions?.[name];
  if (!declared || !run) throw new PermissionDenied(t.unknownAction);
  requireAccess(user, ma, 'change');
  if (declared.permission && !hasPerm(user, declared.permission)) throw new PermissionDenied(`You do not have the permission "${declared.permission}".`);
  const { rows } = await rowsFor(user, ma, ids, 'change');
  if (!rows.length) return { message: t.nothing, count: 0 };
  const keys = rows.map((r) => r[ma.pk.name] as string | number);
  const message = await run({ ids: keys, user: { id: user.id }, db: adminDb() });
  invalidateCounts(ma.model);
  await logAction(user, ma, rows.map((r) => ({ objectId: String(r[ma.pk.name]), objectRepr: reprOf(ma.model, ma.fields, r) })), 'action', { actionName: name });
  return { message: message || t.done(rows.length), count: rows.length };
}
