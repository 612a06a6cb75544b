// /admin/<app>/<model>/delete?ids=1,2&_q=<list query>: the bulk delete confirmation the action bar leads to
// (app/admin/[app]/[model]/delete/page.tsx). Listing is a GET; only the "Yes" button (a server action) deletes.
import { DeleteView } from '../delete';
import { adminMetadata, modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminBulkDeletePage(props: AdminRouteProps) {
  return runAdminPage(props, ['delete'], async (ctx) => {
    const ids = ctx.query.getAll('ids').flatMap((v) => v.split(',')).filter(Boolean);
    const q = ctx.query.get('_q') ?? '';
    return DeleteView({ ...ctx, ma: await modelOr404(ctx), ids, bulk: true, query: q });
  });
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t) => t.deleteTitle);
