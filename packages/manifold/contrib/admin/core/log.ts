// The action log (Django's LogEntry): written on every add, change, delete and bulk action; read as an object's
// history and as the dashboard's recent actions.
import { adminDb } from './db';
import { mayOnRow, PermissionDenied, requireStaff } from './access';
import type { AdminLang, AdminModel, AdminUser, LogEntryView } from './types';

export type LogAction = 'add' | 'change' | 'delete' | 'action';

/** Writes one entry; `changed` lists changed fields, `actionName` names a bulk action. */
export async function logAction(
  user: AdminUser,
  ma: Pick<AdminModel, 'app' | 'model'>,
  entries: { objectId: string; objectRepr: string }[],
  action: LogAction,
  detail: { changed?: string[]; actionName?: string } = {},
): Promise<void> {
  if (!entries.length) return;
  const changeMessage = JSON.stringify(action === 'action' ? { action: detail.actionName } : detail.changed ? { changed: detail.changed } : {});
  await adminDb().logEntry.createMany({
    data: entries.map((e) => ({
      userId: user.id,
      userEmail: user.email,
      app: ma.app,
      model: ma.model,
      objectId: e.objectId,
      objectRepr: e.objectRepr.slice(0, 200),
      // LogEntry.action's choices are add | change | delete: a bulk action is a change whose message names it.
      action: action === 'action' ? 'change' : action,
      changeMessage,
    })),
  });
}

function list(items: string[], lang: AdminLang): string {
  if (lang === 'ko') return items.join(', ');
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

type Row = { id: number; actionTime: Date; userId: number | null; userEmail: string; app: string; model: string; objectId: string; objectRepr: string; action: string; changeMessage: string };

async function toView(rows: Row[], lang: AdminLang): Promise<LogEntryView[]> {
  const { adminSite, delegate } = await import('./site');
  const site = await adminSite();
  // Which logged objects still exist, per model (one query per model on the page).
  const alive = new Map<string, Set<string>>();
  for (const model of new Set(rows.map((r) => r.model))) {
    const ma = site.models.find((m) => m.model === model);
    if (!ma) continue;
    const ids = rows.filter((r) => r.model === model).map((r) => parseKey(ma, r.objectId)).filter((v) => v !== null);
    const found = ids.length ? await delegate(model).findMany({ where: { [ma.pk.name]: { in: ids } }, select: { [ma.pk.name]: true } }) : [];
    alive.set(model, new Set(found.map((f) => String(f[ma.pk.name]))));
  }
  return rows.map((r) => {
    let parsed: { changed?: string[]; action?: string } = {};
    try {
      parsed = JSON.parse(r.changeMessage || '{}');
    } catch {
      parsed = {};
    }
    const changed = Array.isArray(parsed.changed) ? parsed.changed.map(String) : [];
    const actionName = typeof parsed.action === 'string' ? parsed.action : undefined;
    const action: LogEntryView['action'] = actionName ? 'action' : (r.action as LogEntryView['action']);
    const ma = site.models.find((m) => m.model === r.model);
    const message =
      action === 'add'
        ? lang === 'ko' ? '추가함' : 'Added.'
        : action === 'delete'
          ? lang === 'ko' ? '삭제함' : 'Deleted.'
          : action === 'action'
            ? lang === 'ko' ? `작업 실행: ${actionName}` : `Ran the action ${actionName}.`
            : changed.length
              ? lang === 'ko' ? `${list(changed, lang)} 변경` : `Changed ${list(changed, lang)}.`
              : lang === 'ko' ? '변경된 필드 없음' : 'No fields changed.';
    return {
      id: r.id,
      actionTime: r.actionTime,
      userId: r.userId,
      userEmail: r.userEmail,
      app: r.app,
      model: r.model,
      objectId: r.objectId,
      objectRepr: r.objectRepr,
      action,
      changed,
      ...(actionName ? { actionName } : {}),
      message,
      link: ma && r.action !== 'delete' && alive.get(r.model)?.has(r.objectId) ? `${ma.slug}/${r.objectId}` : null,
    };
  });
}

/** The primary key value from its string form, or null when it cannot be one (a non-number for an Int id). */
export function parseKey(ma: Pick<AdminModel, 'pk'>, id: string): string | number | null {
  if (typeof id !== 'string' || id.length > 200) return null;
  if (['Int', 'BigInt'].includes(ma.pk.type)) return /^\d{1,15}$/.test(id) ? Number(id) : null;
  return id;
}

export async function history(user: AdminUser, ma: AdminModel, id: string, opts: { lang?: AdminLang } = {}): Promise<LogEntryView[]> {
  requireStaff(user);
  const key = parseKey(ma, id);
  if (key === null) throw new PermissionDenied('No such object.');
  const { delegate } = await import('./site');
  const row = await delegate(ma.model).findUnique({ where: { [ma.pk.name]: key } });
  // A deleted object's history stays readable to whoever may view the whole model.
  const allowed = row ? mayOnRow(user, ma, 'view', row) : user.isSuperuser || user.permissions.has(ma.perms.view) || user.permissions.has(ma.perms.change);
  if (!allowed) throw new PermissionDenied(`You may not view this ${ma.verboseName}.`);
  const rows = await adminDb().logEntry.findMany({ where: { app: ma.app, model: ma.model, objectId: String(key) }, orderBy: [{ actionTime: 'desc' }, { id: 'desc' }], take: 200 });
  return toView(rows, opts.lang ?? 'ko');
}

export async function recentActions(user: AdminUser, limit = 10, opts: { lang?: AdminLang; all?: boolean } = {}): Promise<LogEntryView[]> {
  requireStaff(user);
  const take = Math.max(1, Math.min(100, Math.floor(Number(limit)) || 10));
  const everyone = opts.all && user.isSuperuser;
  const rows = await adminDb().logEntry.findMany({ where: everyone ? {} : { userId: user.id }, orderBy: [{ actionTime: 'desc' }, { id: 'desc' }], take });
  return toView(rows, opts.lang ?? 'ko');
}
