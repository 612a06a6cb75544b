// Who is signing in and what they may do, on the server (Django's request.user, has_perm and permission_required):
// every server action, server component and route handler of the admin and the apps checks through this module.
import 'server-only';
import { cache } from 'react';
import { decode } from 'next-auth/jwt';
import { db, type Db } from '../../lib/db';
import { settings } from '../../lib/settings';
import { authSecret } from './secret';
import { sessionUser } from './sessions';
import { ensureSetupToken } from './tokens';
import type { CurrentUser } from './user';

export type { CurrentUser } from './user';

/** Nobody is signed in (or the session was ended): pages redirect to /accounts/login?next=…, routes answer 401. */
export class NotSignedIn extends Error {
  constructor(message = 'Sign in to continue.') {
    super(message);
    this.name = 'NotSignedIn';
  }
}

/** Signed in, but without the permission: 403. */
export class PermissionDenied extends Error {
  constructor(
    message = 'You do not have permission to do this.',
    readonly permission?: string,
  ) {
    super(message);
    this.name = 'PermissionDenied';
  }
}

/** next-auth's cookie names (kept default: the page cache skips requests carrying them). */
export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

type CookieReader = { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] };

/** The session token from a cookie jar, including next-auth's chunked form (`name.0`, `name.1`, …). */
export function sessionTokenFrom(jar: CookieReader): string | null {
  for (const name of SESSION_COOKIES) {
    const whole = jar.get(name)?.value;
    if (whole) return whole;
    const chunks = jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    if (chunks.length) return chunks.map((c) => c.value).join('');
  }
  return null;
}

/** The session secret inside a next-auth JWT, or null when the token is not one of ours (tampered, other secret, expired). */
export async function sessionSecretFromToken(token: string, secret: string = authSecret()): Promise<string | null> {
  try {
    const payload = await decode({ token, secret });
    return typeof payload?.sid === 'string' ? payload.sid : null;
  } catch {
    return null;
  }
}

/** The signed-in user of a session token (the cookie's value), checked against its Session row. */
export async function userFromSessionToken(token: string | null, database: Db = db, key?: string): Promise<CurrentUser | null> {
  if (!token) return null;
  const secret = await sessionSecretFromToken(token, key);
  return secret ? sessionUser(database, secret) : null;
}

/**
 * The request's user, from its cookies (next/headers), or null when signed out, when the session was ended
 * (sign-out, deactivation, password change) or expired. Asked once per request (React's cache).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const { cookies } = await import('next/headers');
  return userFromSessionToken(sessionTokenFrom(await cookies()));
});

/**
 * Whether the user may do `perm`. A superuser may do everything. Otherwise the user holds `perm`; or, for an object,
 * `perm` is `<app>.<action>_<model>`, the user holds `<app>.<action>_own_<model>` and owns the object.
 */
export function hasPerm(user: CurrentUser | null, perm: string, obj?: { ownerId: number | null }): boolean {
  if (!user || !user.isActive) return false;
  if (user.isSuperuser) return true;
  if (user.permissions.has(perm)) return true;
  if (!obj) return false;
  const m = /^([a-z_][a-z0-9_]*)\.(view|change|delete)_([a-z0-9_]+)$/.exec(perm);
  if (!m || m[3].startsWith('own_')) return false;
  return obj.ownerId !== null && obj.ownerId === user.id && user.permissions.has(`${m[1]}.${m[2]}_own_${m[3]}`);
}

/** Whether the user holds `perm` for some rows: the permission itself or its `_own_` form (e.g. may open the change list). */
export function hasPermForSome(user: CurrentUser | null, perm: string): boolean {
  if (hasPerm(user, perm)) return true;
  const m = /^([a-z_][a-z0-9_]*)\.(view|change|delete)_([a-z0-9_]+)$/.exec(perm);
  return !!m && !!user?.isActive && user.permissions.has(`${m[1]}.${m[2]}_own_${m[3]}`);
}

export interface PermissionOptions<A extends unknown[]> {
  /** The object the call acts on, for object-level (`_own_`) checks; null when it does not exist. */
  object?: (...args: A) => Promise<{ ownerId: number | null } | null>;
  /** Require isStaff (may enter the admin); default true. Superusers need it too, as in Django's admin. */
  staff?: boolean;
}

/** Throws NotSignedIn or PermissionDenied unless the user may do `perm` (on `obj`). */
export function requirePermission(user: CurrentUser | null, perm: string, obj?: { ownerId: number | null } | null, staff = true): asserts user is CurrentUser {
  if (!user || !user.isActive) throw new NotSignedIn();
  if (staff && !user.isStaff) throw new PermissionDenied('Your account may not use the admin.', perm);
  if (!hasPerm(user, perm, obj ?? undefined)) throw new PermissionDenied(`You do not have the permission "${perm}".`, perm);
}

/**
 * Wraps a server action or a server component's data function: the signed-in, active (staff, by default) user must
 * hold `perm`, on the object when `opts.object` names one. Throws NotSignedIn / PermissionDenied.
 */
export function withPermission<A extends unknown[], R>(
  perm: string,
  fn: (user: CurrentUser, ...args: A) => Promise<R>,
  opts: PermissionOptions<A> = {},
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const user = await getCurrentUser();
    if (!user) throw new NotSignedIn();
    const obj = opts.object ? await opts.object(...args) : undefined;
    requirePermission(user, perm, obj, opts.staff ?? true);
    return fn(user, ...args);
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a mutating request must be refused as cross-site, or null. The browser's Origin (or, without it, Sec-Fetch-Site)
 * must name this site: the request's own origin or SITE_URL's. A request with neither header is not from a browser
 * page, so no cookie was sent on someone else's behalf.
 */
export function crossSiteProblem(req: Request): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = req.headers.get('origin');
  if (origin) {
    const allowed = new Set<string>([new URL(req.url).origin]);
    const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
    if (host) {
      const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
      allowed.add(`${proto}://${host}`);
    }
    try {
      allowed.add(new URL(settings().siteUrl).origin);
    } catch {
      /* SITE_URL is validated by settings; nothing to add */
    }
    return allowed.has(origin) ? null : `Cross-site request refused: Origin ${origin.slice(0, 100)} is not this site.`;
  }
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return 'Cross-site request refused.';
  return null;
}

const json = (status: number, error: string) => Response.json({ error }, { status, headers: { 'cache-control': 'no-store' } });

/**
 * Wraps a route handler: 403 for a cross-site mutating request, 401 (JSON) when signed out, 403 (JSON) without
 * `perm`. Object-level checks are the handler's (it knows the object): call `hasPerm(user, perm, { ownerId })`.
 * With `{ staff: false }` a signed-in non-staff user may pass (the site's own endpoints).
 */
export function routeWithPermission<C = unknown>(
  perm: string,
  handler: (req: Request, user: CurrentUser, ctx: C) => Promise<Response>,
  opts: { staff?: boolean } = {},
): (req: Request, ctx: C) => Promise<Response> {
  return async (req: Request, ctx: C) => {
    const crossSite = crossSiteProblem(req);
    if (crossSite) return json(403, crossSite);
    const user = await getCurrentUser();
    if (!user) return json(401, 'Sign in to continue.');
    try {
      requirePermission(user, perm, undefined, opts.staff ?? true);
    } catch (err) {
      if (err instanceof PermissionDenied) return json(403, err.message);
      throw err;
    }
    try {
      return await handler(req, user, ctx);
    } catch (err) {
      if (err instanceof NotSignedIn) return json(401, err.message);
      if (err instanceof PermissionDenied) return json(403, err.message);
      throw err;
    }
  };
}

/** Where a signed-out visitor is sent: the sign-in page, coming back to `next` (a same-site path) afterwards. */
export function loginUrl(next?: string): string {
  return next && isSafeNext(next) ? `/accounts/login?next=${encodeURIComponent(next)}` : '/accounts/login';
}

/** A `?next=` value is followed only when it is a path on this site (not `//evil`, not `/\evil`, no scheme). */
export function isSafeNext(next: string | null | undefined): next is string {
  if (!next || next.length > 2000) return false;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return false;
  if (/[\u0000-\u001f\\]/.test(next)) return false;
  try {
    return new URL(next, 'http://x.invalid').origin === 'http://x.invalid';
  } catch {
    return false;
  }
}

/**
 * True while no user exists: /admin then offers /accounts/setup (the first superuser). Makes the one-time setup token
 * then, and prints it to the server log.
 */
export async function needsSetup(database: Db = db, root = process.cwd()): Promise<boolean> {
  if ((await database.user.count()) > 0) return false;
  ensureSetupToken(root);
  return true;
}
