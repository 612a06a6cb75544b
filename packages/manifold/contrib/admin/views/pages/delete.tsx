// /admin/<app>/<model>/<id>/delete: one object's delete confirmation (app/admin/[app]/[model]/[id]/delete/page.tsx).
import { DeleteView } from '../delete';
import { adminMetadata, modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminDeletePage(props: AdminRouteProps) {
  return runAdminPage(props, ['delete'], async (ctx) => DeleteView({ ...ctx, ma: await modelOr404(ctx), ids: [ctx.id], bulk: false, query: '' }));
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t) => t.deleteTitle);
