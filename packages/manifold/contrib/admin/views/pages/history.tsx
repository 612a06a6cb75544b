// /admin/<app>/<model>/<id>/history: one object's action log (app/admin/[app]/[model]/[id]/history/page.tsx).
import { HistoryView } from '../history';
import { adminMetadata, modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminHistoryPage(props: AdminRouteProps) {
  return runAdminPage(props, ['history'], async (ctx) => HistoryView({ ...ctx, ma: await modelOr404(ctx), id: ctx.id }));
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t) => t.history);
