// The editor's live preview: POST /admin/api/blog/preview {source, format?} → PreviewResponse. The source is compiled and
// rendered in the compile pool's worker threads (lib/mdx/pool.ts), by the same pipeline as a saved post, so typing
// never holds up the server; a source that does not compile answers ok:false with its problems at their lines (200:
// that is a normal state of a post being written), one that runs past the time limit a 'limit' problem.
import { z } from 'zod';
import { defineEndpoint, Reply } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { CompileLimitError, CompilePoolBusyError, compilePool, compileProblemKind, type CompilePool } from '../../../lib/mdx/pool';
import type { MdxCompileError } from '../../../lib/mdx/compile';
import type { PostFormat } from '../../../lib/mdx/markdown';
import { embedsWithData, resolveEmbedData } from '../../../lib/embed-data';
import { getCurrentUser, hasPerm, hasPermForSome, type CurrentUser } from '../../accounts/auth';
import type { Diagnostic, PreviewResponse } from './types';

/** The longest source the preview takes (characters); the longest sample post is about a tenth of it. */
export const PREVIEW_MAX_CHARS = 400_000;

const previewInput = z
  .object({
    source: z
      .string({ message: 'source는 문자열이어야 합니다. / source must be a string.' })
      .max(PREVIEW_MAX_CHARS, `본문이 너무 깁니다 (최대 ${PREVIEW_MAX_CHARS.toLocaleString('en')}자). / The source is too long (at most ${PREVIEW_MAX_CHARS} characters).`),
    /** How the source is written (default mdx, as before the format existed). */
    format: z.enum(['markdown', 'mdx'], { message: 'format은 markdown 또는 mdx입니다. / format is markdown or mdx.' }).optional(),
  })
  .strict();

/** A compile error as the editor's Diagnostic (line 1 when the error has no place, e.g. the time limit). */
export function diagnosticFor(err: MdxCompileError): Diagnostic {
  return { line: err.line ?? 1, ...(err.column ? { column: err.column } : {}), message: err.reason, kind: compileProblemKind(err) };
}

/**
 * Who may preview: anyone who may write a post, i.e. add one, or change some (their own with change_own_post). The
 * preview reads no post and writes nothing; it only runs the compiler on the text sent.
 */
export function mayPreview(user: CurrentUser | null): boolean {
  return hasPerm(user, 'blog.add_post') || hasPermForSome(user, 'blog.change_post');
}

export async function previewSource(source: string, pool: CompilePool = compilePool(), format: PostFormat = 'mdx'): Promise<PreviewResponse> {
  const t0 = performance.now();
  let result;
  try {
    // Embeds whose app looks up render-time data (e.g. <ModelDemo>'s model) get it here, in the server's thread.
    const dataEmbeds = await embedsWithData().catch(() => []);
    result = await pool.preview(source, { embeds: dataEmbeds, resolve: (code) => resolveEmbedData(code, { preview: true }) }, format);
  } catch (err) {
    if (err instanceof CompilePoolBusyError) throw new HttpError(503, err.message, { 'retry-after': '1' });
    throw err;
  }
  const ms = Math.round((performance.now() - t0) * 10) / 10;
  if (result.ok) return { ok: true, html: result.html, toc: result.toc, embeds: result.embeds, ms, diagnostics: [] };
  const diagnostic = diagnosticFor(result.error);
  if (result.error instanceof CompileLimitError) {
    diagnostic.message = `컴파일이 ${result.error.limitMs / 1000}초를 넘어 중단되었습니다. / ${result.error.reason}`;
  }
  return { ok: false, diagnostics: [diagnostic], ms };
}

/** The endpoints, with who is asking and which pool answers given (the tests pass their own). */
export function previewEndpointsFor(deps: { user: () => Promise<CurrentUser | null>; pool?: () => CompilePool }) {
  return [
    defineEndpoint({
      method: 'POST',
      path: '/admin/api/blog/preview',
      input: previewInput,
      // Hangul is three bytes in UTF-8: room for the longest source the schema takes.
      bodyLimit: PREVIEW_MAX_CHARS * 3 + 1024,
      permission: async () => {
        if (!mayPreview(await deps.user())) {
          throw new HttpError(403, '미리보기 권한이 없습니다 (blog.add_post 또는 blog.change_post 필요). / You need blog.add_post or blog.change_post to preview posts.');
        }
      },
      handler: async ({ input }) => new Reply(200, await previewSource(input.source, deps.pool?.(), input.format)),
    }),
  ];
}

export const previewEndpoints = previewEndpointsFor({ user: getCurrentUser });
