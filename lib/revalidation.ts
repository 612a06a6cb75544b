// Telling a running server that content changed. The admin (same process) calls revalidateContent();
// manage commands (another process) POST to /api/revalidate with the token kept in data/.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export interface ContentChange {
  /** Cache tags, e.g. blog:posts, blog:post:<slug>. */
  tags: string[];
  /** Route paths whose cached pages must be rebuilt. */
  paths: string[];
  /** Slugs of posts that changed (their pages are rebuilt). */
  posts?: string[];
}

const TOKEN_FILE = () => path.join(process.cwd(), 'data', '.revalidate-token');

/** The shared secret between the server and manage; made on first use, readable only by this user. */
export function revalidateToken(): string {
  if (process.env.MANIFOLD_REVALIDATE_TOKEN) return process.env.MANIFOLD_REVALIDATE_TOKEN;
  const file = TOKEN_FILE();
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const token = crypto.randomBytes(24).toString('hex');
    fs.writeFileSync(file, token, { mode: 0o600 });
    return token;
  }
}

/** Best effort: a server that is not running has nothing cached to refresh. Returns whether one answered. */
export async function notifyRunningServer(change: ContentChange, port = Number(process.env.PORT ?? 3000)): Promise<boolean> {
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
