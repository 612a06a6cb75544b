// /admin/<app>: one app's models (app/admin/[app]/page.tsx); an app with no registered model is the admin's 404.
import { notFound } from 'next/navigation';
import { adminSite } from '../../core';
import { DashboardView } from '../dashboard';
import { adminMetadata, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminAppPage(props: AdminRouteProps) {
  return runAdminPage(props, [], async (ctx) => {
    const site = await adminSite();
    if (!site.apps.some((a) => a.label === ctx.app)) notFound();
    return DashboardView({ ...ctx, app: ctx.app });
  });
}

export const generateMetadata = (props: AdminRouteProps) => adminMetadata(props, (t) => t.dashboard);
