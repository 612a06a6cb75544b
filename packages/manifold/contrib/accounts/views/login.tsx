// /accounts/login?next=: the sign-in page (email + password, OAuth buttons when configured).
import { redirect } from 'next/navigation';
import { getCurrentUser, isSafeNext } from '../auth';
import { oauthProviders } from '../nextauth';
import { accountsT, signInErrorMessage } from './i18n';
import { LoginForm } from './login-form.client';
import { accountsLang, AuthPage, first, Notice, withLang, type SearchParams } from './shared';


export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const lang = await accountsLang(sp);
  const t = accountsT(lang);
  const rawNext = first(sp.next);
  // Only a path on this site: ?next=https://evil or //evil would make the sign-in page a phishing relay.
  const next = isSafeNext(rawNext) ? rawNext : '/admin';
  const user = await getCurrentUser();
  if (user && !first(sp.error)) redirect(next);
  const notice = first(sp.signedout) ? t.signedOutNotice : first(sp.reset) ? t.resetDoneNotice : first(sp.changed) ? t.changedNotice : first(sp.setup) ? t.setupDoneNotice : null;
  return (
    <AuthPage title={t.login} lang={lang} user={null} path={withLang(`/accounts/login${rawNext && isSafeNext(rawNext) ? `?next=${encodeURIComponent(rawNext)}` : ''}`, lang)}>
      {notice && <Notice kind="success">{notice}</Notice>}
      <LoginForm lang={lang} next={next} providers={oauthProviders()} initialError={signInErrorMessage(t, first(sp.error))} />
      <p>
        <a className="adm-link" href={withLang('/accounts/password-reset', lang)}>
          {t.forgot}
        </a>
      </p>
    </AuthPage>
  );
}
