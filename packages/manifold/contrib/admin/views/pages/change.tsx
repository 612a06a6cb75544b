// /admin/<app>/<model>/<id>/change: the change form (app/admin/[app]/[model]/[id]/change/page.tsx).
import { ChangeFormView } from '../changeform';
import { adminMetadata, modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminChangePage(props: AdminRouteProps) {
  return runAdminPage(props, ['change'], async (ctx) => ChangeFormView({ ...ctx, ma: await modelOr404(ctx), id: ctx.id }));
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t, ma) => t.changeModel(ma?.verboseName ?? ''));
