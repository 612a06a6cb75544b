// Telling a running server that content changed. The admin (same process) calls revalidateContent();
// manage commands (another process) POST to /api/revalidate with the token kept in data/.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { settings } from './settings';

export interface ContentChange {
  /** Cache tags, e.g. blog:posts, blog:post:<slug>. */
  tags: string[];
  /** Route paths whose cached pages must be rebuilt. */
  paths: string[];
  /** Slugs of posts that changed (their pages are rebuilt). */
  posts?: string[];
}

const TOKEN_FILE = () => path.join(process.cwd(), 'data', '.revalidate-token');

/** Shorter secrets are refused: a blank or short file must never let an empty or guessable header in. */
export const MIN_TOKEN_BYTES = 32;

/** The shared secret between the server and manage; made on first use, readable only by this user. */
export function revalidateToken(): string {
  // MANIFOLD_REVALIDATE_TOKEN, checked (trimmed, at least MIN_TOKEN_BYTES) by lib/settings.ts.
  const configured = settings().revalidateToken;
  if (configured) return configured;
  const file = TOKEN_FILE();
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (existing !== undefined && Buffer.byteLength(existing) >= MIN_TOKEN_BYTES) {
    // A file written by an older version (or copied in) may be world-readable.
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return existing;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = crypto.randomBytes(32).toString('hex');
  // Written aside and renamed, so a process reading at the same moment sees the old file or the new one, whole.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, token, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return token;
}

/**
 * Checks a request's x-manifold-token: null when it matches, else why it was refused (answered with 403; a 401
 * would need a WWW-Authenticate challenge, which a shared-secret header has none of). Both sides are hashed before
 * the constant-time compare, so a length difference neither throws nor shows in the timing.
 */
export function checkRevalidateToken(given: string | string[] | null | undefined): string | null {
  const value = Array.isArray(given) ? given[0] : given;
  if (!value) return 'The x-manifold-token header is missing or empty.';
  const expected = revalidateToken();
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  const same = crypto.timingSafeEqual(digest(value), digest(expected));
  return same && Buffer.byteLength(value) >= MIN_TOKEN_BYTES ? null : 'The x-manifold-token header is wrong.';
}

/** Best effort: a server that is not running has nothing cached to refresh. Returns whether one answered. */
export async function notifyRunningServer(change: ContentChange, port = settings().port): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-manifold-token': revalidateToken() },
      body: JSON.stringify(change),
      signal: AbortSignal.timeout(3000),
    });
    return res.ok;
  } catch {
    return false;
  }
}
