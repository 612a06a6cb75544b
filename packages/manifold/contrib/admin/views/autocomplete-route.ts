// GET /admin/autocomplete?app=&model=&field=&q= (Django's AutocompleteJsonView): the rows a relation field may point
// to, for the change form's search-as-you-type selects. Not routeWithPermission: the permission depends on the model
// named in the query and on the user (add, change or only change_own), which admin-core's autocomplete() checks; here
// the request must be same-site, signed in (401) and active staff (403) before any model is even looked up.
import { isInstalled } from '@site/.manifold/registry.admin';
import { answeringUnavailable } from '../../../lib/endpoint.mjs';
import { crossSiteProblem, getCurrentUser } from '../../accounts/auth';
import { autocomplete, getModelAdmin } from '../core';
import { isActiveStaff, isPermissionDenied } from './shared';

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

// A database outage (the user's session, the rows) is a 503 with Retry-After, as every endpoint's.
export const GET = answeringUnavailable(async (req: Request): Promise<Response> => {
  if (!isInstalled('admin')) return json(404, { error: 'The admin app is not installed.' });
  const crossSite = crossSiteProblem(req);
  if (crossSite) return json(403, { error: crossSite });
  const user = await getCurrentUser();
  if (!user) return json(401, { error: 'Sign in to continue.' });
  if (!isActiveStaff(user)) return json(403, { error: 'Only active staff may use the admin.' });
  const url = new URL(req.url);
  const ma = await getModelAdmin(url.searchParams.get('app') ?? '', url.searchParams.get('model') ?? '');
  if (!ma) return json(404, { error: 'No such model in the admin.' });
  const field = url.searchParams.get('field') ?? '';
  if (!ma.fields.some((f) => f.name === field && f.relation && f.relation.kind !== 'reverse')) return json(400, { error: `"${field.slice(0, 60)}" is not a relation field of ${ma.model}.` });
  try {
    return json(200, await autocomplete(user, ma, field, (url.searchParams.get('q') ?? '').slice(0, 200)));
  } catch (err) {
    if (isPermissionDenied(err)) return json(403, { error: 'You may not edit this model.' });
    throw err;
  }
});
