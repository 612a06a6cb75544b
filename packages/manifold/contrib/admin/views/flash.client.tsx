'use client';
// Clears the admin's one-time message cookie once the page showing it has loaded, so a reload does not repeat it.
import { useEffect } from 'react';

export function FlashSeen({ cookie }: { cookie: string }) {
  useEffect(() => {
    document.cookie = `${cookie}=; Max-Age=0; path=/admin; SameSite=Lax`;
  }, [cookie]);
  return null;
}
