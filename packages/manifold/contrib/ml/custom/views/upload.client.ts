'use client';
// The model upload's browser half: the picked or dropped files become ONE request body — a lone .zip or model.json
// as it is, several files (model.json + weight shards) packed into a store-only zip with fflate (loaded only when
// needed) — sent with XMLHttpRequest so the page can show the upload's progress. The server reads the same zip with
// readArtifact, so there is one format to check, whatever the author dropped.
import type { ModelInfo, UploadReport, VersionInfo } from './types';

export interface UploadAnswer {
  model: string;
  version: VersionInfo;
  report: UploadReport;
  guess: Record<string, unknown> | null;
}

/** The server's `{error}` (Korean / English), or a sentence about the status. */
export function errorText(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string' && body.error) {
      return status === 413 && !/[가-힣]/.test(body.error) ? `파일이 너무 큽니다 / The upload is too large: ${body.error}` : body.error;
    }
  } catch {
    // Not JSON (a proxy's page): say the status.
  }
  if (status === 413) return '파일이 너무 큽니다 / The upload is too large';
  if (status === 0) return '서버에 연결하지 못했습니다 / Could not reach the server';
  return `요청이 실패했습니다(HTTP ${status}) / The request failed (HTTP ${status})`;
}

/** What goes over the wire for these files: one body and the name the server is told. */
export async function packFiles(files: File[]): Promise<{ body: Blob; filename: string }> {
  if (files.length === 0) throw new Error('파일을 골라 주세요 / Choose the model files');
  if (files.length === 1 && (/\.zip$/i.test(files[0].name) || /\.json$/i.test(files[0].name))) return { body: files[0], filename: files[0].name };
  const names = new Set<string>();
  for (const f of files) {
    if (/\.zip$/i.test(f.name)) throw new Error(`.zip은 하나만, 다른 파일 없이 올려 주세요 / Upload a .zip on its own, not with other files (${f.name})`);
    if (names.has(f.name)) throw new Error(`같은 이름의 파일이 두 개입니다 / Two files are named “${f.name}”`);
    names.add(f.name);
  }
  if (![...names].some((n) => /\.json$/i.test(n))) throw new Error('model.json이 없습니다: model.json과 가중치 파일을 함께 올려 주세요 / No model.json: upload model.json together with its weight files');
  const { zipSync } = await import('fflate');
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const f of files) entries[f.name] = [new Uint8Array(await f.arrayBuffer()), { level: 0 }];
  const zipped = zipSync(entries);
  return { body: new Blob([zipped as BlobPart], { type: 'application/zip' }), filename: 'model.zip' };
}

/** POST the body to the model's versions with progress (0..1, then null while the server checks and loads it). */
export function sendVersion(slug: string, body: Blob, filename: string, onProgress: (fraction: number | null) => void, signal?: AbortSignal): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/admin/api/ml/models/${encodeURIComponent(slug)}/versions?filename=${encodeURIComponent(filename)}`);
    xhr.setRequestHeader('content-type', body.type || 'application/octet-stream');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(null);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadAnswer);
        } catch {
          reject(new Error(errorText(xhr.status, '')));
        }
      } else reject(new Error(errorText(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new Error(errorText(0, '')));
    xhr.onabort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

/** A JSON call to the admin API; refusals throw with the server's message (and its body on `.body`). */
export async function api<R>(url: string, init?: RequestInit): Promise<R> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init, headers: init?.body ? { 'content-type': 'application/json', ...init.headers } : init?.headers });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new Error(errorText(0, ''));
  }
  const text = await res.text();
  if (!res.ok) {
    const err = new Error(errorText(res.status, text)) as Error & { body?: unknown };
    try {
      err.body = JSON.parse(text);
    } catch {
      err.body = null;
    }
    throw err;
  }
  return (text ? JSON.parse(text) : null) as R;
}

export const modelUrl = (slug: string) => `/admin/api/ml/models/${encodeURIComponent(slug)}`;
export type { ModelInfo };
