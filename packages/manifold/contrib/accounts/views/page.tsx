// The accounts URLconf: one catch-all route (the site's app/accounts/[[...path]]/page.tsx) dispatches on the path to
// the sign-in pages, so a site carries one route file for all of them.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { notFound, redirect } from 'next/navigation';
import { accountsT, type AccountsStrings } from './i18n';
import LoginPage from './login';
import LogoutPage from './logout';
import PasswordChangePage from './password-change';
import PasswordResetPage from './password-reset';
import PasswordResetConfirmPage from './password-reset-confirm';
import SetupPage from './setup';
import { accountsLang, type SearchParams } from './shared';

interface AccountsPageProps {
  params: Promise<{ path?: string[] }>;
  searchParams: SearchParams;
}

/** The path's segments, or null when one is not valid percent-encoding (answered with 404). */
function segmentsOf(path: string[] | undefined): string[] | null {
  try {
    return (path ?? []).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

type Route = { title: (t: AccountsStrings) => string; referrer?: 'no-referrer'; render: (props: { searchParams: SearchParams; token?: string }) => Promise<ReactNode> };

function route(segments: string[]): Route | null {
  const [first, second, ...rest] = segments;
  if (rest.length) return null;
  if (second !== undefined) {
    // The reset link: the token stays out of the Referer of anything the page links to.
    if (first === 'password-reset' && second) return { title: (t) => t.resetConfirmTitle, referrer: 'no-referrer', render: ({ searchParams, token }) => PasswordResetConfirmPage({ params: Promise.resolve({ token: token! }), searchParams }) };
    return null;
  }
  switch (first) {
    case 'login':
      return { title: (t) => t.login, render: (p) => LoginPage(p) };
    case 'logout':
      return { title: (t) => t.logout, render: (p) => LogoutPage(p) };
    case 'password-reset':
      return { title: (t) => t.resetTitle, render: (p) => PasswordResetPage(p) };
    case 'password-change':
      return { title: (t) => t.changeTitle, render: (p) => PasswordChangePage(p) };
    case 'setup':
      return { title: (t) => t.setupTitle, render: (p) => SetupPage(p) };
    default:
      return null;
  }
}

export async function generateMetadata({ params, searchParams }: AccountsPageProps): Promise<Metadata> {
  const segments = segmentsOf((await params).path);
  const found = segments && route(segments);
  if (!found) return {};
  const t = accountsT(await accountsLang(await searchParams));
  return { title: found.title(t), robots: { index: false, follow: false }, ...(found.referrer ? { referrer: found.referrer } : {}) };
}

export default async function AccountsPage({ params, searchParams }: AccountsPageProps) {
  const segments = segmentsOf((await params).path);
  if (segments && segments.length === 0) redirect('/accounts/login');
  const found = segments && route(segments);
  if (!found) notFound();
  return found.render({ searchParams, token: segments[1] });
}
