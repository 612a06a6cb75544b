'use client';
// The editor's and the library's upload: the file's bytes as the request body (no multipart to parse), its name and
// alt text in the query. Throws an Error with the server's own message (Korean / English) when refused.
import type { UploadedMedia } from '../blog/editor/types';

export const UPLOAD_URL = '/admin/api/media/upload';

/** The server's `{error}` (or a sentence about the status) of a failed admin API answer. */
export async function errorOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) {
      // The body-size refusal comes from the shared endpoint layer, in English only.
      return res.status === 413 && !/[가-힣]/.test(body.error) ? `파일이 너무 큽니다 / The file is too large: ${body.error}` : body.error;
    }
  } catch {
    // Not JSON (a proxy's page): say the status.
  }
  if (res.status === 413) return '파일이 너무 큽니다 / The file is too large';
  return `업로드하지 못했습니다(HTTP ${res.status}) / Upload failed (HTTP ${res.status})`;
}

export async function uploadMedia(file: File | Blob, opts: { filename?: string; alt?: string; signal?: AbortSignal } = {}): Promise<UploadedMedia> {
  const params = new URLSearchParams();
  const filename = opts.filename ?? (typeof File !== 'undefined' && file instanceof File ? file.name : '');
  if (filename) params.set('filename', filename);
  if (opts.alt) params.set('alt', opts.alt);
  let res: Response;
  try {
    res = await fetch(`${UPLOAD_URL}${params.size ? `?${params}` : ''}`, {
      method: 'POST',
      body: file,
      headers: { 'content-type': file.type || 'application/octet-stream' },
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new Error('서버에 연결하지 못했습니다 / Could not reach the server');
  }
  if (!res.ok) throw new Error(await errorOf(res));
  return (await res.json()) as UploadedMedia;
}
