// The admin's URLconf (Django's AdminSite.get_urls) behind the site's one catch-all route app/admin/[[...path]]:
//   /admin                                 dashboard          /admin/<app>                        the app's models
//   /admin/<app>/<model>                   change list        /admin/<app>/<model>/add            add form
//   /admin/<app>/<model>/<id>/change       change form        /admin/<app>/<model>/<id>/delete    delete confirmation
//   /admin/<app>/<model>/<id>/history      history            /admin/<app>/<model>/delete?ids=…   bulk delete confirmation
// Anything else, an unregistered model or a missing object is the admin's 404; no staff or no permission is its 403.
import type { Metadata } from 'next';
import { forbidden, notFound, redirect } from 'next/navigation';
import { isInstalled } from '@site/.manifold/registry.client';
import { getCurrentUser } from '../../accounts/auth';
import { adminSite, getModelAdmin } from '../core';
import { DashboardView } from './dashboard';
import { ChangeListView } from './changelist';
import { ChangeFormView } from './changeform';
import { DeleteView } from './delete';
import { HistoryView } from './history';
import { AdminForbidden } from './errors';
import { adminT } from './i18n';
import { adminLang } from './lang';
import { adminUrl, isActiveStaff, isNotSignedIn, isPermissionDenied, pathWithQuery, signedInOrRedirect, toSearchParams } from './shared';

export interface AdminPageProps {
  params: Promise<{ path?: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** A path segment as typed (Next hands some segments over still percent-encoded); a malformed escape stays as it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Refuses with Next's 403 (forbidden.tsx) when authInterrupts is on, else renders the same page inline. */
function deny() {
  if (process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS) forbidden();
  return <AdminForbidden />;
}

export default async function AdminPage({ params, searchParams }: AdminPageProps) {
  if (!isInstalled('admin')) notFound();
  const segments = ((await params).path ?? []).map(decodeSegment);
  const search = await searchParams;
  const path = pathWithQuery(segments, search);
  const user = await signedInOrRedirect(path);
  if (!isActiveStaff(user)) return deny();
  const lang = await adminLang();

  try {
    if (segments.length === 0) return await DashboardView({ user, lang, path });
    const [app, modelSlug, third, fourth, ...rest] = segments;
    if (segments.length === 1) {
      const site = await adminSite();
      if (!site.apps.some((a) => a.label === app)) notFound();
      return await DashboardView({ user, lang, path, app });
    }
    if (rest.length > 0) notFound();
    const ma = await getModelAdmin(app, modelSlug);
    if (!ma) notFound();
    if (third === undefined) return await ChangeListView({ user, lang, path, ma, params: toSearchParams(search) });
    if (fourth === undefined) {
      if (third === 'add') return await ChangeFormView({ user, lang, path, ma, id: null });
      if (third === 'delete') {
        const ids = toSearchParams(search).getAll('ids').flatMap((v) => v.split(',')).filter(Boolean);
        return await DeleteView({ user, lang, path, ma, ids, bulk: true, query: typeof search._q === 'string' ? search._q : '' });
      }
      // Django's old-style /admin/<app>/<model>/<id>/ goes to the change form.
      redirect(adminUrl(ma, third, 'change'));
    }
    if (fourth === 'change') return await ChangeFormView({ user, lang, path, ma, id: third });
    if (fourth === 'delete') return await DeleteView({ user, lang, path, ma, ids: [third], bulk: false, query: '' });
    if (fourth === 'history') return await HistoryView({ user, lang, path, ma, id: third });
    notFound();
  } catch (err) {
    if (isPermissionDenied(err)) return deny();
    if (isNotSignedIn(err)) redirect(`/accounts/login?next=${encodeURIComponent(path)}`);
    throw err;
  }
}

/** The document title: the page's heading and the admin's name, in the admin's language. */
export async function generateMetadata({ params }: AdminPageProps): Promise<Metadata> {
  const t = adminT(await adminLang());
  const segments = ((await params).path ?? []).map(decodeSegment);
  const suffix = t.siteAdmin;
  if (segments.length < 2) return { title: { absolute: `${t.dashboard} | ${suffix}` } };
  // Only signed-in staff learn model names from a title.
  if (!isActiveStaff(await getCurrentUser())) return { title: { absolute: suffix } };
  const ma = await getModelAdmin(segments[0], segments[1]);
  if (!ma) return { title: { absolute: `${t.notFoundTitle} | ${suffix}` } };
  const [, , third, fourth] = segments;
  const title =
    third === undefined
      ? t.selectToChange(ma.verboseName)
      : third === 'add'
        ? t.addModel(ma.verboseName)
        : third === 'delete' || fourth === 'delete'
          ? t.deleteTitle
          : fourth === 'history'
            ? t.history
            : t.changeModel(ma.verboseName);
  return { title: { absolute: `${title} | ${suffix}` } };
}
