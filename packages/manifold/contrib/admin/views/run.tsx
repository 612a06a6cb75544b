// What every admin page does before its view (Django's AdminSite.admin_view): the admin app must be installed (else
// 404), the visitor signed in (else sign-in, or first-run setup while no user exists), active staff (else 403); then
// the view runs, and a refusal from deeper down (admin-core's permission checks) becomes the 403 page too.
import 'server-only';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { forbidden, notFound, redirect } from 'next/navigation';
import { isInstalled } from '@site/.manifold/registry.admin';
import { getCurrentUser, loginUrl, type CurrentUser } from '../../accounts/auth';
import { getModelAdmin, type AdminModel } from '../core';
import { adminT, type AdminDict, type AdminLang } from './i18n';
import { adminLang } from './lang';
import { isActiveStaff, isNotSignedIn, isPermissionDenied, pathWithQuery, signedInOrRedirect, toSearchParams } from './shared';

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ViewContext {
  user: CurrentUser;
  lang: AdminLang;
  path: string;
  /** Decoded path segments after /admin: app label, model slug, object id (empty when absent). */
  app: string;
  model: string;
  id: string;
  search: SearchParams;
  query: URLSearchParams;
}

/** A path segment as typed (Next may hand some over still percent-encoded); a malformed escape stays as it is. */
export function decodeSegment(segment: string | undefined): string {
  if (segment === undefined) return '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Refuses with Next's 403 (app/admin/forbidden.tsx): withManifold() turns experimental.authInterrupts on. */
function deny(): never {
  forbidden();
}

export async function runAdminPage(segments: string[], search: SearchParams, view: (ctx: ViewContext) => Promise<ReactNode>): Promise<ReactNode> {
  if (!isInstalled('admin')) notFound();
  const path = pathWithQuery(segments, search);
  const user = await signedInOrRedirect(path);
  if (!isActiveStaff(user)) return deny();
  const lang = await adminLang();
  try {
    return await view({ user, lang, path, app: segments[0] ?? '', model: segments[1] ?? '', id: segments[2] ?? '', search, query: toSearchParams(search) });
  } catch (err) {
    if (isPermissionDenied(err)) return deny();
    if (isNotSignedIn(err)) redirect(loginUrl(path));
    throw err;
  }
}

/** The registered model of the route, or the admin's 404. */
export async function modelOr404(ctx: ViewContext): Promise<AdminModel> {
  const ma = await getModelAdmin(ctx.app, ctx.model);
  if (!ma) notFound();
  return ma;
}

/** The document title: the page's heading and the admin's name, in the admin's language. Model names only for staff. */
export async function adminMetadata(segments: string[], title: (t: AdminDict, ma: AdminModel | null) => string): Promise<Metadata> {
  const t = adminT(await adminLang());
  let ma: AdminModel | null = null;
  if (segments.length >= 2 && isActiveStaff(await getCurrentUser())) ma = await getModelAdmin(segments[0], segments[1]);
  if (segments.length >= 2 && !ma) return { title: { absolute: t.siteAdmin } };
  return { title: { absolute: `${title(t, ma)} | ${t.siteAdmin}` } };
}
