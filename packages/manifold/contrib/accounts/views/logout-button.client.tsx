'use client';
// Sign-out is a POST with next-auth's CSRF token (signOut fetches it), never a GET a link or an image could trigger.
import { useState, useSyncExternalStore } from 'react';
import { signOut } from 'next-auth/react';

export function LogoutButton({ label, to }: { label: string; to: string }) {
  const [busy, setBusy] = useState(false);
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  return (
    <button
      type="button"
      className="adm-button adm-button--primary"
      disabled={busy || !hydrated}
      onClick={async () => {
        setBusy(true);
        await signOut({ redirect: false });
        window.location.assign(to);
      }}
    >
      {label}
    </button>
  );
}
