// The admin's URLconf (Django's AdminSite.get_urls) behind the site's one route file app/admin/[[...path]]/page.tsx:
//   /admin                                 dashboard          /admin/<app>                        the app's models
//   /admin/<app>/<model>                   change list        /admin/<app>/<model>/add            add form
//   /admin/<app>/<model>/<id>/change       change form        /admin/<app>/<model>/<id>/delete    delete confirmation
//   /admin/<app>/<model>/<id>/history      history            /admin/<app>/<model>/delete?ids=…   bulk delete confirmation
//   /admin/<app>/<model>/<id>              → its change form  anything else                       the admin's 404
// One route file keeps a site's app/ small; the change form's client code is split off (form-lazy.client), so the other
// pages do not load it.
import { notFound, redirect } from 'next/navigation';
import { adminHooksFor, adminSite, type AdminModel } from '../core';
import { requireAccess } from '../core/access';
import type { AdminView } from '../../../lib/app';
import { ChangeFormView } from './changeform';
import { ChangeListView } from './changelist';
import { DashboardView } from './dashboard';
import { DeleteView } from './delete';
import { HistoryView } from './history';
import { adminMetadata, decodeSegment, modelOr404, runAdminPage, type SearchParams, type ViewContext } from './run';
import { adminUrl } from './shared';

export interface AdminPageProps {
  params: Promise<{ path?: string[] }>;
  searchParams: Promise<SearchParams>;
}

/** The app's own page for this model and view name, when its admin hooks declare one (changeFormView, objectViews). */
async function appView(ma: AdminModel, view: 'changeForm' | string): Promise<AdminView | null> {
  const hooks = await adminHooksFor(ma.app, ma.model);
  const load = view === 'changeForm' ? hooks?.changeFormView : hooks?.objectViews && Object.hasOwn(hooks.objectViews, view) ? hooks.objectViews[view] : undefined;
  return load ? (await load()).default : null;
}

/**
 * An app's own page runs only for a user holding at least the model permission its generic page would need (view for
 * lists and object pages, add for the add page), so a view that forgets a check cannot open the door; the view still
 * checks the row (own rows) itself.
 */
function runAppView(View: AdminView, ctx: ViewContext, ma: AdminModel, id: string | null, needs: 'view' | 'add' = 'view') {
  requireAccess(ctx.user, ma, needs);
  return View({ user: ctx.user, lang: ctx.lang, path: ctx.path, app: ma.app, model: ma.modelSlug, id, query: ctx.query });
}

async function dispatch(ctx: ViewContext, segments: string[]) {
  const [, , third, fourth, ...rest] = segments;
  if (segments.length === 0) return DashboardView({ ...ctx, app: undefined });
  if (segments.length === 1) {
    if (!(await adminSite()).apps.some((a) => a.label === ctx.app)) notFound();
    return DashboardView({ ...ctx, app: ctx.app });
  }
  if (rest.length > 0) notFound();
  const ma = await modelOr404(ctx);
  if (third === undefined) {
    const list = (await adminHooksFor(ma.app, ma.model))?.changeListView;
    return list ? runAppView((await list()).default, ctx, ma, null) : ChangeListView({ ...ctx, ma, params: ctx.query });
  }
  if (fourth === undefined) {
    if (third === 'add') {
      const custom = await appView(ma, 'changeForm');
      return custom ? runAppView(custom, ctx, ma, null, 'add') : ChangeFormView({ ...ctx, ma, id: null });
    }
    if (third === 'delete') {
      const ids = ctx.query.getAll('ids').flatMap((v) => v.split(',')).filter(Boolean);
      return DeleteView({ ...ctx, ma, ids, bulk: true, query: ctx.query.get('_q') ?? '' });
    }
    // Django's old object address /admin/<app>/<model>/<id>/ goes to the change form.
    redirect(adminUrl(ma, third, 'change'));
  }
  if (fourth === 'change') {
    const custom = await appView(ma, 'changeForm');
    return custom ? runAppView(custom, ctx, ma, third) : ChangeFormView({ ...ctx, ma, id: third });
  }
  if (fourth === 'delete') return DeleteView({ ...ctx, ma, ids: [third], bulk: false, query: '' });
  if (fourth === 'history') return HistoryView({ ...ctx, ma, id: third });
  const extra = await appView(ma, fourth);
  if (extra) return runAppView(extra, ctx, ma, third);
  notFound();
}

export default async function AdminPage({ params, searchParams }: AdminPageProps) {
  const segments = ((await params).path ?? []).map(decodeSegment);
  return runAdminPage(segments, await searchParams, (ctx) => dispatch(ctx, segments));
}

export async function generateMetadata({ params }: AdminPageProps) {
  const segments = ((await params).path ?? []).map(decodeSegment);
  const [, , third, fourth] = segments;
  return adminMetadata(segments, (t, ma) => {
    if (segments.length < 2) return t.dashboard;
    const name = ma?.verboseName ?? '';
    if (third === undefined) return t.selectToChange(name);
    if (third === 'add') return t.addModel(name);
    if (third === 'delete' || fourth === 'delete') return t.deleteTitle;
    if (fourth === 'history') return t.history;
    return t.changeModel(name);
  });
}
