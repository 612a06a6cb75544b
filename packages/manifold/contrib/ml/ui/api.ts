// The embeds' one way to the server: POST /api/ml/<model>, with the server's error message when it refuses.

export interface Meta {
  model: string;
  version: string;
  inferenceMs: number;
}

export class ModelError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function callModel<T>(model: string, body: unknown, signal?: AbortSignal): Promise<T & Meta> {
  const res = await fetch(`/api/ml/${model}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const data = (await res.json().catch(() => ({}))) as T & Meta & { error?: string };
  if (!res.ok) throw new ModelError(data.error ?? `서버가 ${res.status} 오류로 응답했습니다.`, res.status);
  return data;
}
