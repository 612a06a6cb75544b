// Django's messages for the admin: an action (save, delete, bulk action) leaves one message for the page it
// redirects to, in a short-lived cookie (so it survives the redirect with or without JavaScript).
import 'server-only';
import { cookies } from 'next/headers';

export const FLASH_COOKIE = 'manifold-admin-flash';

export interface Flash {
  level: 'success' | 'error' | 'info';
  text: string;
}

/** Called from server actions only (cookies can be set there, not while rendering). */
export async function setFlash(flash: Flash): Promise<void> {
  // Readable by the page's script, which clears it once shown; else it expires on its own shortly.
  (await cookies()).set(FLASH_COOKIE, encodeURIComponent(JSON.stringify({ level: flash.level, text: flash.text.slice(0, 500) })), {
    path: '/admin',
    maxAge: 30,
    sameSite: 'lax',
    httpOnly: false,
  });
}

export async function readFlash(): Promise<Flash | null> {
  const raw = (await cookies()).get(FLASH_COOKIE)?.value;
  if (!raw) return null;
  try {
    const value = JSON.parse(decodeURIComponent(raw)) as Partial<Flash>;
    if (typeof value.text !== 'string' || !['success', 'error', 'info'].includes(value.level ?? '')) return null;
    return { level: value.level as Flash['level'], text: value.text };
  } catch {
    return null;
  }
}
