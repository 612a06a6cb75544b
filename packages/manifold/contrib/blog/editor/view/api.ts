// The editor page's calls to /admin/api/blog/* (editor/api.ts declares them): JSON in, JSON out, every failure a
// status and a message the page can show (status 0: the network or the server did not answer). Browser-safe.

export interface ApiAnswer<T> {
  status: number;
  ok: boolean;
  data: T | null;
  /** The server's {error} (Korean / English), or a description of what failed. */
  error: string | null;
  /** The whole JSON body, for the 400 and 409 shapes. */
  body: unknown;
}

export const postApi = (id: number, action = '') => `/admin/api/blog/posts/${id}${action ? `/${action}` : ''}`;

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, init: { signal?: AbortSignal; keepalive?: boolean } = {}): Promise<ApiAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: init.signal,
      keepalive: init.keepalive,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    return { status: 0, ok: false, data: null, error: null, body: null };
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  const error = json && typeof json === 'object' && typeof (json as { error?: unknown }).error === 'string' ? (json as { error: string }).error : null;
  return { status: res.status, ok: res.ok, data: res.ok ? (json as T) : null, error: res.ok ? null : (error ?? `HTTP ${res.status}`), body: json };
}

/**
 * Sends the autosave as the page goes away (pagehide, or the tab hidden): a beacon survives the unload where a fetch
 * may not. The server reads a Blob of type application/json like any JSON body. False when the browser refused it
 * (too large for a beacon, ~64 KB): then a keepalive fetch is tried, which has the same budget but no harm in trying.
 */
export function sendAutosaveBeacon(id: number, payload: unknown): boolean {
  const url = postApi(id, 'autosave');
  const text = JSON.stringify(payload);
  try {
    if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, new Blob([text], { type: 'application/json' }))) return true;
  } catch {
    // fall through to fetch
  }
  try {
    void fetch(url, { method: 'POST', body: text, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'same-origin' }).catch(() => {});
    return text.length < 60_000;
  } catch {
    return false;
  }
}
