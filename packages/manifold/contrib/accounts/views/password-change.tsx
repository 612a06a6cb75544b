// /accounts/password-change: the signed-in user's new password (the current one first); every session then ends.
import { redirect } from 'next/navigation';
import { getCurrentUser, loginUrl } from '../auth';
import { changePassword } from './actions';
import { accountsT, signInErrorMessage } from './i18n';
import { passwordError } from './password-reset-confirm';
import { accountsLang, AuthPage, describedBy, Field, first, Notice, withLang, type SearchParams } from './shared';


export default async function PasswordChangePage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const lang = await accountsLang(sp);
  const t = accountsT(lang);
  const user = await getCurrentUser();
  if (!user) redirect(withLang(loginUrl('/accounts/password-change'), lang));
  const error = first(sp.error);
  const oldError = error === 'old' ? t.oldWrong : null;
  const newError = passwordError(t, error);
  const limited = error?.startsWith('TooManyAttempts:') ? signInErrorMessage(t, error) : null;
  return (
    <AuthPage title={t.changeTitle} lang={lang} user={user} path={withLang('/accounts/password-change', lang)}>
      {limited && <Notice kind="error">{limited}</Notice>}
      <form className="adm-form" action={changePassword}>
        <input type="hidden" name="lang" value={lang} />
        <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <Field id="change-old" label={t.oldPassword} error={oldError}>
          <input id="change-old" name="old" type="password" autoComplete="current-password" required maxLength={200} aria-describedby={describedBy('change-old', false, oldError)} aria-invalid={!!oldError} />
        </Field>
        <Field id="change-password" label={t.newPassword} help={t.passwordHelp} error={error !== 'mismatch' ? newError : null}>
          <input id="change-password" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby={describedBy('change-password', true, error !== 'mismatch' && newError)} />
        </Field>
        <Field id="change-password2" label={t.newPassword2} error={error === 'mismatch' ? newError : null}>
          <input id="change-password2" name="password2" type="password" autoComplete="new-password" required maxLength={200} aria-describedby={describedBy('change-password2', false, error === 'mismatch')} />
        </Field>
        <button type="submit" className="adm-button adm-button--primary">
          {t.save}
        </button>
      </form>
    </AuthPage>
  );
}
