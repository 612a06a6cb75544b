// Any deeper /admin address no view answers (app/admin/[app]/[model]/[id]/[...rest]/page.tsx): signed-in staff get the
// admin's 404, everyone else the same door as every admin page.
import { notFound } from 'next/navigation';
import { runAdminPage, type AdminRouteProps } from '../run';

export default async function AdminUnknownPage(props: AdminRouteProps) {
  return runAdminPage(props, [], async () => notFound());
}
