// /admin/<app>/<model>: the change list (app/admin/[app]/[model]/page.tsx).
import { ChangeListView } from '../changelist';
import { adminMetadata, modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminChangeListPage(props: AdminRouteProps) {
  return runAdminPage(props, [], async (ctx) => ChangeListView({ ...ctx, ma: await modelOr404(ctx), params: ctx.query }));
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t, ma) => t.selectToChange(ma?.verboseName ?? ''));
