// /accounts/logout: asks, then signs out with a POST carrying next-auth's CSRF token (the Session row is deleted).
import Link from 'next/link';
import { getCurrentUser } from '../auth';
import { accountsT } from './i18n';
import { LogoutButton } from './logout-button.client';
import { accountsLang, AuthPage, withLang, type SearchParams } from './shared';


export default async function LogoutPage({ searchParams }: { searchParams: SearchParams }) {
  const lang = await accountsLang(await searchParams);
  const t = accountsT(lang);
  const user = await getCurrentUser();
  return (
    <AuthPage title={t.logout} lang={lang} user={user} path={withLang('/accounts/logout', lang)}>
      {user ? (
        <>
          <p>{t.logoutQuestion}</p>
          <div className="adm-buttons">
            <LogoutButton label={t.logoutButton} to={withLang('/accounts/login?signedout=1', lang)} />
            <Link className="adm-button" href="/admin">
              {t.cancel}
            </Link>
          </div>
        </>
      ) : (
        <>
          <p>{t.notSignedIn}</p>
          <a className="adm-link" href={withLang('/accounts/login', lang)}>
            {t.toLogin}
          </a>
        </>
      )}
    </AuthPage>
  );
}
