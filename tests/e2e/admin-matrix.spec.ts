// Every admin page of every model the installed apps register (read from the registry, not listed here), requested
// over HTTP from the production server by: a visitor (sent to sign-in, and back after), a signed-in reader who is not
// staff (403), staff without permissions (403), staff holding one model's view permission (that model's list, change
// form read-only and history; 403 for add and delete), staff holding add or delete (those pages), and a superuser.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { seed } from './admin-support';

interface RegistryModel {
  slug: string;
  perms: { view: string; add: string; change: string; delete: string };
  id: string | null;
  /** false: the admin makes no rows of it (ModelAdmin.addable), so its add page is refused to everyone. */
  addable: boolean;
}

function registry(): RegistryModel[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'admin-registry.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: String(test.info().project.metadata.databaseUrl) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`admin-registry failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]') as RegistryModel[];
}

const PASSWORD = 'matrix password 2026';
let n = 0;

/** A request context signed in as a fresh user with exactly these flags and permissions (a real database session). */
async function as(flags: { isStaff: boolean; isSuperuser?: boolean; permissions?: string[] } | null): Promise<APIRequestContext> {
  const baseURL = test.info().project.use.baseURL!;
  if (!flags) return playwrightRequest.newContext({ baseURL });
  const email = `matrix-${Date.now()}-${++n}@example.com`;
  seed({ users: [{ email, password: PASSWORD, name: `matrix ${n}`, isStaff: flags.isStaff, isSuperuser: flags.isSuperuser ?? false, permissions: flags.permissions ?? [] }] });
  const { cookie } = seed({ session: email });
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `next-auth.session-token=${String(cookie)}` } });
}

type Page = 'list' | 'add' | 'change' | 'delete' | 'history';
const pagesOf = (m: RegistryModel): [Page, string][] => [
  ['list', `/admin/${m.slug}`],
  ['add', `/admin/${m.slug}/add`],
  ...(m.id === null ? [] : ([['change', `/admin/${m.slug}/${encodeURIComponent(m.id)}/change`], ['delete', `/admin/${m.slug}/${encodeURIComponent(m.id)}/delete`], ['history', `/admin/${m.slug}/${encodeURIComponent(m.id)}/history`]] as [Page, string][])),
];

async function status(ctx: APIRequestContext, url: string): Promise<{ status: number; location: string }> {
  const res = await ctx.get(url, { maxRedirects: 0 });
  return { status: res.status(), location: res.headers()['location'] ?? '' };
}

test('every admin page of every registered model: signed out, reader, staff without and with each permission, superuser', async () => {
  test.setTimeout(300_000);
  // The superuser first, so every registered model (users too) has a row whose pages are requested.
  const superuser = await as({ isStaff: true, isSuperuser: true });
  seed({ rows: true });
  const models = registry();
  expect(models.map((m) => m.slug)).toEqual(expect.arrayContaining(['blog/post', 'blog/category', 'blog/tag', 'accounts/user', 'accounts/group']));
  for (const m of models) expect(m.id, `${m.slug} has a row in the e2e database`).not.toBeNull();
  const anonymous = await as(null);
  const reader = await as({ isStaff: false, permissions: models.flatMap((m) => Object.values(m.perms)) });
  const staff = await as({ isStaff: true });
  const matrix: string[] = [];
  for (const m of models) {
    const viewer = await as({ isStaff: true, permissions: [m.perms.view] });
    const adder = await as({ isStaff: true, permissions: [m.perms.view, m.perms.add] });
    const deleter = await as({ isStaff: true, permissions: [m.perms.view, m.perms.delete] });
    for (const [page, url] of pagesOf(m)) {
      const signedOut = await status(anonymous, url);
      expect([303, 307, 308], `${url} signed out`).toContain(signedOut.status);
      const login = new URL(signedOut.location, 'http://x');
      expect(login.pathname, url).toBe('/accounts/login');
      expect(login.searchParams.get('next'), url).toBe(url);
      expect((await status(reader, url)).status, `${url} reader with every permission, not staff`).toBe(403);
      expect((await status(staff, url)).status, `${url} staff without permissions`).toBe(403);
      const mayView = page === 'list' || page === 'change' || page === 'history';
      const noAdding = page === 'add' && !m.addable;
      const adds = page === 'delete' || noAdding ? 403 : 200;
      const supers = noAdding ? 403 : 200;
      expect((await status(viewer, url)).status, `${url} staff with ${m.perms.view}`).toBe(mayView ? 200 : 403);
      expect((await status(adder, url)).status, `${url} staff with ${m.perms.add}`).toBe(adds);
      expect((await status(deleter, url)).status, `${url} staff with ${m.perms.delete}`).toBe(page === 'add' ? 403 : 200);
      expect((await status(superuser, url)).status, `${url} superuser`).toBe(supers);
      matrix.push(`${url}: out→login, reader 403, staff 403, view ${mayView ? 200 : 403}, add ${adds}, delete ${page === 'add' ? 403 : 200}, superuser ${supers}`);
    }
    await Promise.all([viewer.dispose(), adder.dispose(), deleter.dispose()]);
  }
  test.info().annotations.push({ type: 'matrix', description: `${matrix.length} pages × 7 users as expected` });
  console.log(matrix.join('\n'));
  expect(matrix.length).toBe(models.length * 5);
});
