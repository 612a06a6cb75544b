// The one shape of every route handler: parse input (zod) → check permission → act → return a status.
// Bad input is a 4xx with a message a person can act on; anything unexpected is logged and becomes a 500
// without taking the server down.
import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { z, type ZodType } from 'zod';
import { logger } from './log';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message = 'Not found') => new HttpError(404, message);

/** Explains the first problem in a zod error in one sentence: where, what is wrong, what is expected. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'body';
  return `${where}: ${issue.message}`;
}

export interface JsonBodyOptions {
  /** Bytes; a larger body is refused with 413 before it is parsed. */
  maxBytes?: number;
}

/** Reads and validates a JSON body, refusing oversize (413), non-JSON (400) and invalid (400) input. */
export async function readJson<T>(req: Request, schema: ZodType<T>, opts: JsonBodyOptions = {}): Promise<T> {
  const maxBytes = opts.maxBytes ?? 1_000_000;
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) throw new HttpError(413, `Body is ${declared} bytes; the limit is ${maxBytes}.`);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new HttpError(413, `Body is over the limit of ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw badRequest('Body is empty; send a JSON object.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw badRequest('Body is not valid JSON.');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw badRequest(describeZodError(parsed.error));
  return parsed.data;
}

type RouteContext<P> = { params: Promise<P> };

/** Wraps a handler so HttpErrors become JSON statuses and everything else a logged 500. */
export function handler<P = Record<string, string>>(
  fn: (req: NextRequest, ctx: { params: P }) => Promise<Response | unknown>,
) {
  return async (req: NextRequest, routeCtx: RouteContext<P>): Promise<Response> => {
    try {
      const params = (await routeCtx?.params) ?? ({} as P);
      const result = await fn(req, { params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      if (err instanceof HttpError) {
        return NextResponse.json({ error: err.message }, { status: err.status, headers: err.headers });
      }
      logger.error('unhandled error in route handler', { url: req.url, error: (err as Error)?.stack ?? String(err) });
      return NextResponse.json({ error: 'Internal server error' }, { status: 500 });
    }
  };
}
