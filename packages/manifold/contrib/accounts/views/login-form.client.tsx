'use client';
// The sign-in form: next-auth's credentials sign-in (CSRF token and all) without leaving the page, so an error
// (wrong password, too many attempts) is shown beside the form; OAuth buttons when the site configured providers.
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { accountsT, signInErrorMessage, type AccountsLang } from './i18n';

const PROVIDER_NAMES: Record<string, string> = { github: 'GitHub', google: 'Google' };

export function LoginForm({ lang, next, providers, initialError }: { lang: AccountsLang; next: string; providers: string[]; initialError: string | null }) {
  const t = accountsT(lang);
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  // Until hydrated the button stays disabled: a click then would post the form to this page and lose the input.
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await signIn('credentials', { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), redirect: false, callbackUrl: next });
      if (!res || res.error || !res.ok) {
        setError(signInErrorMessage(t, res?.error ?? 'Unknown'));
        setBusy(false);
        return;
      }
      window.location.assign(next);
    } catch {
      setError(t.genericError);
      setBusy(false);
    }
  }

  return (
    <>
      {error && (
        <div role="alert">
          <ul className="adm-messages">
            <li className="adm-msg adm-msg--error" data-testid="login-error">
              {error}
            </li>
          </ul>
        </div>
      )}
      <form className="adm-form" method="post" onSubmit={onSubmit} noValidate={false}>
        <div className="adm-field adm-field--required">
          <label htmlFor="login-email">{t.email}</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required maxLength={320} autoFocus />
        </div>
        <div className="adm-field adm-field--required">
          <label htmlFor="login-password">{t.password}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </div>
        <button type="submit" className="adm-button adm-button--primary" disabled={busy || !hydrated} aria-busy={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
      {providers.length > 0 && (
        <div className="adm-form">
          <p>{t.orWith}</p>
          {providers.map((p) => (
            <button key={p} type="button" className="adm-button" onClick={() => void signIn(p, { callbackUrl: next })}>
              {t.withProvider(PROVIDER_NAMES[p] ?? p)}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
