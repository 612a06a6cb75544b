// The one shape of every route handler: parse input (zod) → check permission → act → return a status.
// Bad input is a 4xx with a message a person can act on; anything unexpected is logged and becomes a 500
// without taking the server down.
import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { ZodType } from 'zod';
import { logger } from './log';
import { BodyLimit, checkDeclaredLength, checkJsonContentType, DEFAULT_MAX_BYTES, HttpError, isHttpError, parseJsonText, validate } from './http-guard.mjs';

// One implementation of the request checks, shared with the Node fast paths (see http-guard.mjs).
export { BodyLimit, checkDeclaredLength, checkJsonContentType, clip, describeZodError, HttpError, isHttpError, jsonTooDeep, parseJsonText, validate } from './http-guard.mjs';

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message = 'Not found') => new HttpError(404, message);

export interface JsonBodyOptions {
  /** Bytes; a larger body is refused with 413 before it is parsed. */
  maxBytes?: number;
  /** Nesting of arrays and objects past which the body is refused with 400 before it is parsed (default 32). */
  maxDepth?: number;
  /** Refuse (415) a Content-Type other than application/json, so simple cross-site form posts cannot reach the route. */
  requireJsonContentType?: boolean;
}

/** A request's body as text, refused (413) past maxBytes, declared or streamed. */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  checkDeclaredLength(req.headers.get('content-length'), maxBytes);
  const body = new BodyLimit(maxBytes);
  const reader = req.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      try {
        body.add(value);
      } catch (err) {
        await reader.cancel();
        throw err;
      }
    }
  }
  return body.text();
}

/** Reads and validates a JSON body: oversize (413), too deep, empty, non-JSON and invalid (400), and, if asked, not JSON by its Content-Type (415). */
export async function readJson<T>(req: Request, schema: ZodType<T>, opts: JsonBodyOptions = {}): Promise<T> {
  if (opts.requireJsonContentType) checkJsonContentType(req.headers.get('content-type'));
  const text = await readBodyText(req, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  return validate(schema, parseJsonText(text, { maxDepth: opts.maxDepth }));
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
      if (isHttpError(err)) {
        const e = err as HttpError;
        // Connection is the Node server's business (the fast paths close after a refused upload); Next sets its own.
        const { connection: _connection, ...headers } = e.headers;
        return NextResponse.json({ error: e.message }, { status: e.status, headers });
      }
      logger.error('unhandled error in route handler', { url: req.url, error: (err as Error)?.stack ?? String(err) });
      return NextResponse.json({ error: 'Internal server error' }, { status: 500 });
    }
  };
}
