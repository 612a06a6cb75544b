// /accounts/password-reset/<token> (the token already decoded by page.tsx): a new password for the account the link names.
import { db } from '../../../lib/db';
import { checkResetToken } from '../tokens';
import { confirmPasswordReset } from './actions';
import { accountsT, type AccountsStrings } from './i18n';
import { accountsLang, AuthPage, describedBy, Field, first, Notice, withLang, type SearchParams } from './shared';


export function passwordError(t: AccountsStrings, code: string | undefined): string | null {
  if (!code) return null;
  if (code === 'mismatch') return t.mismatch;
  if (code in t.weak) return t.weak[code as keyof AccountsStrings['weak']];
  return null;
}

export default async function PasswordResetConfirmPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: SearchParams }) {
  const [{ token }, sp] = await Promise.all([params, searchParams]);
  const lang = await accountsLang(sp);
  const t = accountsT(lang);
  const valid = await checkResetToken(db, token);
  const error = first(sp.error);
  const fieldError = passwordError(t, error);
  return (
    <AuthPage title={t.resetConfirmTitle} lang={lang} user={null} path={withLang('/accounts/password-reset', lang)}>
      {!valid || error === 'invalid' ? (
        <>
          <Notice kind="error">{t.resetInvalid}</Notice>
          <a className="adm-link" href={withLang('/accounts/password-reset', lang)}>
            {t.requestNew}
          </a>
        </>
      ) : (
        <form className="adm-form" action={confirmPasswordReset}>
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="token" value={token} />
          <input type="text" name="username" autoComplete="username" value={valid.email} readOnly hidden />
          <Field id="reset-password" label={t.newPassword} help={t.passwordHelp} error={error !== 'mismatch' ? fieldError : null}>
            <input id="reset-password" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby={describedBy('reset-password', true, error !== 'mismatch' && fieldError)} aria-invalid={!!fieldError && error !== 'mismatch'} />
          </Field>
          <Field id="reset-password2" label={t.newPassword2} error={error === 'mismatch' ? fieldError : null}>
            <input id="reset-password2" name="password2" type="password" autoComplete="new-password" required maxLength={200} aria-describedby={describedBy('reset-password2', false, error === 'mismatch')} aria-invalid={error === 'mismatch'} />
          </Field>
          <button type="submit" className="adm-button adm-button--primary">
            {t.save}
          </button>
        </form>
      )}
    </AuthPage>
  );
}
