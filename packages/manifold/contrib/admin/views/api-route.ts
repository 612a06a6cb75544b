// /admin/api/* (the site's app/admin/api/[...path]/route.ts): the admin API the installed apps declare as endpoints
// (the `endpoints` export of their admin hooks module, lib/endpoint.mjs declarations): the post editor's preview,
// autosave and save, the media library's uploads. Before any endpoint is routed the request must be same-site, signed
// in (401) and active staff (403); an endpoint's permission codename is then checked against the user (403).
import { isInstalled } from '@site/.manifold/registry.admin';
import { crossSiteProblem, getCurrentUser, hasPerm } from '../../accounts/auth';
import { answeringUnavailable, nextRoute } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { adminEndpoints } from '../core';
import { isActiveStaff } from './shared';

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

let routes: Promise<ReturnType<typeof nextRoute>> | undefined;

function adminRoutes() {
  routes ??= adminEndpoints()
    .then((endpoints) =>
      nextRoute(endpoints, {
        checkPermission: async (codename) => {
          if (!hasPerm(await getCurrentUser(), codename)) throw new HttpError(403, `You need the permission ${codename}.`);
        },
      }),
    )
    .catch((err) => {
      routes = undefined;
      throw err;
    });
  return routes;
}

// The sign-in and staff checks read the database before any endpoint is routed: an outage there is a 503 too.
const serve = answeringUnavailable(async (req: Request): Promise<Response> => {
  if (!isInstalled('admin')) return json(404, { error: 'The admin app is not installed.' });
  const crossSite = crossSiteProblem(req);
  if (crossSite) return json(403, { error: crossSite });
  const user = await getCurrentUser();
  if (!user) return json(401, { error: 'Sign in to continue.' });
  if (!isActiveStaff(user)) return json(403, { error: 'Only active staff may use the admin.' });
  const route = await adminRoutes();
  const method = req.method as keyof typeof route;
  return (route[method] ?? route.GET)(req);
});

export const GET = serve;
export const HEAD = serve;
export const POST = serve;
export const PUT = serve;
export const PATCH = serve;
export const DELETE = serve;
export const OPTIONS = serve;
