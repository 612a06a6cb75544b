// /admin/<app>/<model>/<id>: Django's old object URL, sent on to the change form (app/admin/[app]/[model]/[id]/page.tsx).
import { redirect } from 'next/navigation';
import { adminUrl } from '../shared';
import { modelOr404, runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminObjectPage(props: AdminRouteProps) {
  return runAdminPage(props, [], async (ctx) => redirect(adminUrl(await modelOr404(ctx), ctx.id, 'change')));
}
