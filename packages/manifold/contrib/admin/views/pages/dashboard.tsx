// /admin: the dashboard (app/admin/page.tsx).
import { DashboardView } from '../dashboard';
import { adminMetadata, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminIndexPage(props: AdminRouteProps) {
  return runAdminPage(props, [], (ctx) => DashboardView(ctx));
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t) => t.dashboard);
