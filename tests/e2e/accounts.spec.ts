// Sign-in against the real production server: next-auth's credentials flow over HTTP (CSRF token → callback →
// session cookie → an authenticated page → sign-out → the same cookie refused), sessions ended from another process
// (changepassword), rate-limited wrong passwords with the same answer for an unknown email, and the pages in
// Chromium (Korean and English, axe-clean at phone width).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });
// axe is injected as a script, which the pages' CSP (rightly) refuses.
test.use({ bypassCSP: true });

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RUN = Date.now().toString(36);
const USER = { email: `acc-${RUN}@example.com`, password: 'sign in e2e pw 1' };
const LOCKED = { email: `locked-${RUN}@example.com`, password: 'locked e2e pw 12' };
const SETUP = { email: `first-${RUN}@example.com`, password: 'first admin e2e 1' };

/** `manifold <args>` against the e2e server's database (another process than the server). */
function manage(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join('packages', 'manifold', 'bin', 'manifold.mjs'), ...args], {
    cwd: process.cwd(),
    env: { ...process.env, CI: '1', DATABASE_URL: String(test.info().project.metadata.databaseUrl), ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`manage ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function baseURL() {
  return String(test.info().project.use.baseURL);
}

/** Signs in over HTTP exactly as next-auth/react does; returns the callback's answer. */
async function credentialsSignIn(api: APIRequestContext, email: string, password: string) {
  const csrf = await api.get('/api/auth/csrf');
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
  const res = await api.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password, json: 'true', callbackUrl: '/accounts/password-change' },
    maxRedirects: 0,
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url, baseURL()).searchParams.get('error') : null;
  return { status: res.status(), url: body.url ?? '', error };
}

async function sessionCookie(api: APIRequestContext) {
  return (await api.storageState()).cookies.find((c) => c.name === 'next-auth.session-token');
}

/** Whether the cookie jar is signed in, asked of a page that redirects the signed-out to the sign-in page. */
async function signedIn(api: APIRequestContext) {
  const res = await api.get('/accounts/password-change', { maxRedirects: 0 });
  if (res.status() === 200) return true;
  expect([303, 307, 308]).toContain(res.status());
  expect(res.headers().location).toContain('/accounts/login?next=%2Faccounts%2Fpassword-change');
  return false;
}

async function axe(page: Page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// First, while the fresh e2e database has no user (this file runs before the admin specs, which add theirs).
test('first run: /accounts/setup makes the first superuser with the setup token from the server, once', async ({ page }) => {
  const res = await page.goto('/accounts/setup');
  test.skip(!page.url().includes('/accounts/setup'), 'users exist already (a reused server): the first-run page is gone, as it should be');
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: '첫 관리자 만들기' })).toBeVisible();
  expect(await axe(page)).toEqual([]);
  const tokenFile = path.join(process.cwd(), 'data', '.setup-token');
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
  const fill = async (t: string) => {
    await page.getByLabel('설정 토큰').fill(t);
    await page.getByLabel('이메일').fill(SETUP.email);
    await page.getByLabel('이름').fill('첫 관리자');
    await page.getByLabel('비밀번호', { exact: true }).fill(SETUP.password);
    await page.getByLabel('새 비밀번호 확인').fill(SETUP.password);
    await page.getByRole('button', { name: '관리자 만들기' }).click();
  };
  await fill('not-the-token-000000');
  await expect(page.getByText('설정 토큰이 올바르지 않습니다.')).toBeVisible();
  await fill(token);
  await page.waitForURL('**/accounts/login?setup=1&next=/admin');
  await expect(page.getByText('첫 관리자를 만들었습니다. 로그인하세요.')).toBeVisible();
  expect(fs.existsSync(tokenFile)).toBe(false);
  const api = await playwrightRequest.newContext({ baseURL: baseURL() });
  expect((await credentialsSignIn(api, SETUP.email, SETUP.password)).error).toBeNull();
  expect(await signedIn(api)).toBe(true);
  await api.dispose();
  await page.goto('/accounts/setup');
  await expect(page).toHaveURL(/\/accounts\/login$/);
});

test.describe('signed in', () => {
test.beforeAll(() => {
  manage(['createsuperuser', '--no-input', '--email', USER.email, '--name', '계정시험'], { MANIFOLD_SUPERUSER_PASSWORD: USER.password });
  manage(['createsuperuser', '--no-input', '--email', LOCKED.email], { MANIFOLD_SUPERUSER_PASSWORD: LOCKED.password });
});

test('credentials sign-in over HTTP, an authenticated page, sign-out, and the old cookie refused', async () => {
  const api = await playwrightRequest.newContext({ baseURL: baseURL() });
  expect(await signedIn(api)).toBe(false);
  const ok = await credentialsSignIn(api, USER.email, USER.password);
  expect(ok.error).toBeNull();
  expect(ok.status).toBe(200);
  const cookie = await sessionCookie(api);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
  expect(await signedIn(api)).toBe(true);
  const session = await (await api.get('/api/auth/session')).json();
  expect(session.user).toEqual({ name: '계정시험', email: USER.email });

  // A copy of the cookie, as a thief would keep it.
  const stolen = await playwrightRequest.newContext({ baseURL: baseURL(), storageState: await api.storageState() });
  expect(await signedIn(stolen)).toBe(true);

  // Sign-out without the CSRF token does nothing; with it, the Session row goes.
  await api.post('/api/auth/signout', { form: { json: 'true' }, maxRedirects: 0 });
  expect(await signedIn(api)).toBe(true);
  const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const out = await api.post('/api/auth/signout', { form: { csrfToken, json: 'true' }, maxRedirects: 0 });
  expect(out.status()).toBe(200);
  expect(await signedIn(api)).toBe(false);
  // The copied cookie still decrypts, but its session was deleted: refused at the next request.
  expect(await signedIn(stolen)).toBe(false);
  expect(await (await stolen.get('/api/auth/session')).json()).toEqual({});
  await Promise.all([api.dispose(), stolen.dispose()]);
});

test('changepassword in another process ends the session at the next request', async () => {
  const api = await playwrightRequest.newContext({ baseURL: baseURL() });
  await credentialsSignIn(api, USER.email, USER.password);
  expect(await signedIn(api)).toBe(true);
  const newPassword = 'sign in e2e pw 2';
  expect(manage(['changepassword', USER.email, '--no-input'], { MANIFOLD_PASSWORD: newPassword })).toMatch(/Ended 1 session/);
  expect(await signedIn(api)).toBe(false);
  expect((await credentialsSignIn(api, USER.email, USER.password)).error).toBe('CredentialsSignin');
  USER.password = newPassword;
  expect((await credentialsSignIn(api, USER.email, USER.password)).error).toBeNull();
  expect(await signedIn(api)).toBe(true);
  await api.dispose();
});

test('wrong passwords are rate-limited per account; an unknown email gets the same answers', async () => {
  const api = await playwrightRequest.newContext({ baseURL: baseURL() });
  const attempts = async (email: string) => {
    const errors: (string | null)[] = [];
    for (let i = 0; i < 6; i++) errors.push((await credentialsSignIn(api, email, `wrong password ${i}`)).error);
    errors.push((await credentialsSignIn(api, email, LOCKED.password)).error);
    return errors;
  };
  const known = await attempts(LOCKED.email);
  expect(known.slice(0, 4)).toEqual(Array(4).fill('CredentialsSignin'));
  // The fifth failure locks the account for 15 minutes; the right password then waits too.
  for (const e of known.slice(4)) expect(e).toMatch(/^TooManyAttempts:1[45]$/);
  expect(await attempts(`nobody-${RUN}@example.com`)).toEqual(known);
  expect(await signedIn(api)).toBe(false);
  await api.dispose();
});


test.describe('in Chromium', () => {
  test.use({ bypassCSP: true });

  test('sign in with the form, land on ?next=, sign out with the button', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/accounts/login?next=%2Faccounts%2Fpassword-change');
    await expect(page.getByRole('heading', { name: '로그인' })).toBeVisible();
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('이메일').fill(USER.email);
    await page.getByLabel('비밀번호').fill('not the password');
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page.getByTestId('login-error')).toHaveText('이메일 또는 비밀번호가 올바르지 않습니다.');
    await page.getByLabel('비밀번호').fill(USER.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL('**/accounts/password-change');
    await expect(page.getByRole('heading', { name: '비밀번호 변경' })).toBeVisible();
    expect(await axe(page)).toEqual([]);

    await page.goto('/accounts/logout');
    await page.getByRole('button', { name: '로그아웃' }).click();
    await page.waitForURL('**/accounts/login?signedout=1');
    await expect(page.getByText('로그아웃했습니다.')).toBeVisible();
    await page.goto('/accounts/password-change');
    await expect(page).toHaveURL(/\/accounts\/login\?next=%2Faccounts%2Fpassword-change/);
  });

  test('?next= to another site is not followed; English with ?lang=en; the lock is worded with its minutes', async ({ page }) => {
    await page.goto('/accounts/login?next=https%3A%2F%2Fevil.example%2F&lang=en');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByLabel('Email').fill(LOCKED.email);
    await page.getByLabel('Password').fill(LOCKED.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error')).toHaveText(/^Too many sign-in attempts\. Try again in 1[45] minutes\.$/);
    await page.goto('/accounts/login?next=https%3A%2F%2Fevil.example%2F');
    await page.getByLabel('이메일').fill(USER.email);
    await page.getByLabel('비밀번호').fill(USER.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => url.pathname === '/admin' || url.pathname.startsWith('/admin/') || url.pathname === '/accounts/login');
    expect(new URL(page.url()).host).toBe(new URL(baseURL()).host);
  });

  test('the accounts URLconf: /accounts goes to sign-in, unknown paths and broken encodings are 404s', async ({ request }) => {
    const root = await request.get('/accounts', { maxRedirects: 0 });
    expect(root.status()).toBe(307);
    expect(root.headers().location).toMatch(/\/accounts\/login$/);
    for (const p of ['/accounts/nope', '/accounts/login/extra', '/accounts/password-reset/a/b']) expect((await request.get(p)).status(), p).toBe(404);
    // Broken percent-encoding: refused as a client error (Next answers 400 before the route), never a 500.
    for (const p of ['/accounts/%E0%A4%A', '/accounts/password-reset/%2525zz', '/accounts/password-reset/%25']) {
      const status = (await request.get(p)).status();
      expect(status >= 200 && status < 500, `${p} → ${status}`).toBe(true);
    }
  });

  test('password reset: the page answers the same for any address; a bad link is refused', async ({ page }) => {
    await page.goto('/accounts/password-reset');
    await page.getByLabel('이메일').fill(`nobody-${RUN}@example.com`);
    await page.getByRole('button', { name: '재설정 링크 보내기' }).click();
    await expect(page.getByText('그 주소로 가입된 계정이 있으면')).toBeVisible();
    await page.goto('/accounts/password-reset/not-a-real-token-000000000000');
    await expect(page.getByText('이 링크는 쓸 수 없습니다.')).toBeVisible();
    expect(await axe(page)).toEqual([]);
  });
});
});
