// /accounts/password-reset: asks for the email a one-time reset link goes to (the same answer whether it exists).
import { requestPasswordReset } from './actions';
import { accountsT, signInErrorMessage } from './i18n';
import { accountsLang, AuthPage, describedBy, Field, first, Notice, withLang, type SearchParams } from './shared';


export default async function PasswordResetPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const lang = await accountsLang(sp);
  const t = accountsT(lang);
  const error = first(sp.error);
  return (
    <AuthPage title={t.resetTitle} lang={lang} user={null} path={withLang('/accounts/password-reset', lang)}>
      {first(sp.sent) ? (
        <Notice kind="success">{t.resetSent}</Notice>
      ) : (
        <>
          {error && <Notice kind="error">{signInErrorMessage(t, error)}</Notice>}
          <p>{t.resetIntro}</p>
          <form className="adm-form" action={requestPasswordReset}>
            <input type="hidden" name="lang" value={lang} />
            <Field id="reset-email" label={t.email}>
              <input id="reset-email" name="email" type="email" autoComplete="email" required maxLength={320} aria-describedby={describedBy('reset-email')} />
            </Field>
            <button type="submit" className="adm-button adm-button--primary">
              {t.resetSend}
            </button>
          </form>
        </>
      )}
      <p>
        <a className="adm-link" href={withLang('/accounts/login', lang)}>
          {t.toLogin}
        </a>
      </p>
    </AuthPage>
  );
}
