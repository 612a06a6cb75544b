// Shared by the admin e2e specs: test users in the e2e server's database, signing in (through /accounts/login when
// the page is there, else with a database session made by accounts' own functions), and the names specs create.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

export const PREFIX = { post: 'E2E관리 ', category: 'E2E관리분류', tag: 'e2e-admin-tag' };

export const USERS = {
  admin: { email: 'admin-e2e@example.com', password: 'correct horse battery staple', name: '관리자', isStaff: true, isSuperuser: true },
  staff: { email: 'staff-e2e@example.com', password: 'another long password 42', name: '직원', isStaff: true, isSuperuser: false },
  reader: { email: 'reader-e2e@example.com', password: 'reader password 12345', name: '독자', isStaff: false, isSuperuser: false },
} as const;

export type Who = keyof typeof USERS;

export function seed(cmd: object): Record<string, unknown> {
  const root = process.cwd();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'admin-seed.ts'), JSON.stringify(cmd)], {
    cwd: root,
    // PORT: the project's server, which cleanup tells to refresh what it keeps (as manage commands do).
    env: { ...process.env, DATABASE_URL: String(test.info().project.metadata.databaseUrl), PORT: new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1:3107').port },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`admin-seed failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

export function seedUsers() {
  seed({ users: Object.values(USERS) });
}

export function cleanup() {
  seed({ cleanup: { titlePrefix: PREFIX.post, categoryPrefix: PREFIX.category, tagPrefix: PREFIX.tag } });
}

/** How the specs signed in this run ('form' or 'session'), reported as an annotation. */
export let signInMethod: 'form' | 'session' | null = null;

/**
 * Signs `who` in: through /accounts/login's form when the page is there, else (or with via 'session', for a page
 * without JavaScript, which the sign-in form needs) with a session made by accounts' own functions.
 */
export async function signIn(page: Page, who: Who, via: 'form' | 'session' = 'form') {
  const u = USERS[who];
  const res = via === 'form' ? await page.request.get('/accounts/login', { maxRedirects: 0 }) : null;
  if (res && res.status() === 200 && /name="email"/.test(await res.text())) {
    await page.goto('/accounts/login?next=%2Fadmin');
    await page.locator('input[name="email"]').fill(u.email);
    await page.locator('input[name="password"]').fill(u.password);
    // The sign-in form is the one in the page's content (the header has the language button's form too); its button
    // is enabled once hydrated, which click() waits for.
    await page.locator('#adm-content form').filter({ has: page.locator('input[name="password"]') }).locator('button[type="submit"]').first().click();
    await page.waitForURL((url) => !url.pathname.startsWith('/accounts/login'));
    signInMethod = 'form';
  } else {
    const { cookie } = seed({ session: u.email });
    const base = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1');
    await page.context().addCookies([{ name: 'next-auth.session-token', value: String(cookie), domain: base.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
    if (via === 'form') signInMethod = 'session';
  }
  test.info().annotations.push({ type: 'sign-in', description: via === 'form' ? (signInMethod ?? '') : 'session (no JavaScript)' });
}

/** The home page's "분류 전체보기 (N)" count. */
export async function homeCount(page: Page): Promise<number> {
  await page.goto('/');
  const text = (await page.locator('h1').textContent()) ?? '';
  const m = /분류 전체보기 \((\d+)\)/.exec(text);
  expect(m, text).not.toBeNull();
  return Number(m![1]);
}
