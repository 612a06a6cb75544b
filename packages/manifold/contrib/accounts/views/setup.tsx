// /accounts/setup: while no user exists, creates the first superuser, guarded by the setup token from the server log.
import { redirect } from 'next/navigation';
import { needsSetup } from '../auth';
import { setupFirstAdmin } from './actions';
import { accountsT, signInErrorMessage } from './i18n';
import { passwordError } from './password-reset-confirm';
import { accountsLang, AuthPage, describedBy, Field, first, Notice, withLang, type SearchParams } from './shared';


export default async function SetupPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const lang = await accountsLang(sp);
  const t = accountsT(lang);
  // needsSetup() also makes the token and prints it to the server log.
  if (!(await needsSetup())) redirect(withLang('/accounts/login', lang));
  const error = first(sp.error);
  const tokenError = error === 'token' ? t.setupTokenWrong : null;
  const emailError = error === 'email' ? t.emailInvalid : null;
  const pwError = passwordError(t, error);
  const limited = error?.startsWith('TooManyAttempts:') ? signInErrorMessage(t, error) : null;
  return (
    <AuthPage title={t.setupTitle} lang={lang} user={null} path={withLang('/accounts/setup', lang)}>
      {limited && <Notice kind="error">{limited}</Notice>}
      <p>{t.setupIntro}</p>
      <form className="adm-form" action={setupFirstAdmin}>
        <input type="hidden" name="lang" value={lang} />
        <Field id="setup-token" label={t.setupToken} help={t.setupTokenHelp} error={tokenError}>
          <input id="setup-token" name="token" type="text" autoComplete="off" required maxLength={200} aria-describedby={describedBy('setup-token', true, tokenError)} aria-invalid={!!tokenError} />
        </Field>
        <Field id="setup-email" label={t.email} error={emailError}>
          <input id="setup-email" name="email" type="email" autoComplete="username" required maxLength={320} aria-describedby={describedBy('setup-email', false, emailError)} aria-invalid={!!emailError} />
        </Field>
        <div className="adm-field">
          <label htmlFor="setup-name">{t.name}</label>
          <input id="setup-name" name="name" type="text" autoComplete="name" maxLength={150} />
        </div>
        <Field id="setup-password" label={t.password} help={t.passwordHelp} error={error !== 'mismatch' ? pwError : null}>
          <input id="setup-password" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby={describedBy('setup-password', true, error !== 'mismatch' && pwError)} />
        </Field>
        <Field id="setup-password2" label={t.newPassword2} error={error === 'mismatch' ? pwError : null}>
          <input id="setup-password2" name="password2" type="password" autoComplete="new-password" required maxLength={200} aria-describedby={describedBy('setup-password2', false, error === 'mismatch')} />
        </Field>
        <button type="submit" className="adm-button adm-button--primary">
          {t.setupCreate}
        </button>
      </form>
    </AuthPage>
  );
}
