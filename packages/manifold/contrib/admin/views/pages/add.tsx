// /admin/<app>/<model>/add: the add form (app/admin/[app]/[model]/add/page.tsx).
import { ChangeFormView } from '../changeform';
import { adminMetadata, modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminAddPage(props: AdminRouteProps) {
  return runAdminPage(props, ['add'], async (ctx) => ChangeFormView({ ...ctx, ma: await modelOr404(ctx), id: null }));
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t, ma) => t.addModel(ma?.verboseName ?? ''));
