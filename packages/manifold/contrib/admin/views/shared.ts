// What every admin page and action shares: who is asking (sign-in redirect, staff-only door), the admin's URLs, and
// telling a refusal (403) or a missing sign-in from other errors, whichever module (accounts or admin-core) threw it.
import 'server-only';
import { redirect } from 'next/navigation';
import { getCurrentUser, loginUrl, needsSetup, type CurrentUser } from '../../accounts/auth';
import type { AdminModel } from '../core';

/** /admin/<app>/<model>[/<id>/<view>]: the addresses the admin links to (no trailing slash; Next drops it). */
export function adminUrl(ma: Pick<AdminModel, 'slug'>, id?: string | null, view?: 'change' | 'delete' | 'history'): string {
  if (id === undefined || id === null) return `/admin/${ma.slug}`;
  return `/admin/${ma.slug}/${encodeURIComponent(id)}/${view ?? 'change'}`;
}

/**
 * The signed-in user, or a redirect: to /accounts/setup while no user exists at all, else to sign-in coming back to
 * `path`. Whether they may enter (staff) and what they may do is asked separately (403, not a redirect).
 */
export async function signedInOrRedirect(path: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  if (await needsSetup()) redirect('/accounts/setup');
  redirect(loginUrl(path));
}

/** A refusal from accounts (PermissionDenied) or admin-core (its own PermissionDenied): both are a 403. */
export function isPermissionDenied(err: unknown): boolean {
  return err instanceof Error && err.name === 'PermissionDenied';
}

export function isNotSignedIn(err: unknown): boolean {
  return err instanceof Error && err.name === 'NotSignedIn';
}

/** May enter the admin at all (Django's has_permission: active staff). */
export function isActiveStaff(user: CurrentUser | null): user is CurrentUser {
  return !!user && user.isActive && user.isStaff;
}

/** The page's path with its query, rebuilt from Next's params (for ?next= and the language button). */
export function pathWithQuery(segments: string[], search: Record<string, string | string[] | undefined>): string {
  const qs = toSearchParams(search).toString();
  return `/admin${segments.length ? '/' + segments.map(encodeURIComponent).join('/') : ''}${qs ? `?${qs}` : ''}`;
}

export function toSearchParams(search: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) {
    if (Array.isArray(v)) for (const one of v) params.append(k, one);
    else if (v !== undefined) params.append(k, v);
  }
  return params;
}
