// The admin's home: the apps and models the user may view, with cached counts, and the user's recent actions. Apart
// from site.ts because it reads the action log, which itself resolves models through site.ts.
import { modelAccess, ownerWhere, requireStaff } from './access';
import { recentActions } from './log';
import { adminSite, cachedCount, liveCount } from './site';
import type { AdminLang, AdminModel, AdminUser, Dashboard, DashboardModel, ModelAccess } from './types';

/** ModelAdmin.attention as the dashboard shows it; nothing when the model names none or no row waits. */
async function attentionOf(ma: AdminModel, where: Record<string, unknown>, lang: AdminLang): Promise<{ attention?: DashboardModel['attention'] }> {
  const spec = ma.admin.attention as { filter: Record<string, string>; label: string | { ko: string; en: string } } | undefined;
  if (!spec) return {};
  // Read as it is now: what waits mostly arrives from outside the admin (a reader's comment), which clears no cache.
  const count = await liveCount(ma, { ...where, ...spec.filter });
  if (!count) return {};
  return { attention: { count, query: `?${new URLSearchParams(spec.filter).toString()}`, label: typeof spec.label === 'string' ? spec.label : spec.label[lang] } };
}

export async function dashboard(user: AdminUser, opts: { lang?: AdminLang; recent?: number } = {}): Promise<Dashboard> {
  requireStaff(user);
  const site = await adminSite();
  const out: Dashboard = { apps: [], recent: [] };
  for (const app of site.apps) {
    const models: Dashboard['apps'][number]['models'] = [];
    for (const ma of app.models) {
      const access: ModelAccess = modelAccess(user, ma);
      if (!access.view && !access.add) continue;
      const count = access.view ? await cachedCount(ma, ownerWhere(user, ma, access)) : 0;
      models.push({ model: ma, access, count, ...(access.view ? await attentionOf(ma, ownerWhere(user, ma, access), opts.lang ?? 'ko') : {}) });
    }
    if (models.length) out.apps.push({ label: app.label, verboseName: app.verboseName, models });
  }
  out.recent = await recentActions(user, opts.recent ?? 10, { lang: opts.lang });
  return out;
}
