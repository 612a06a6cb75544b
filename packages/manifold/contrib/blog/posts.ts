// Writing posts: compile MDX once at save time and store the output. A source that fails to compile is
// recorded with its error while the previous good output stays live.
import 'server-only';
import type { Db } from '../../lib/db';
import { compileMdx, MdxCompileError, type CompiledPost } from '../../lib/mdx/compile';
import { embedCompileOptions } from '../../lib/embed-schemas';
import { CURRENT_OUTPUT_PREFIX } from '../../lib/mdx/policy';
import { isPostFormat, type PostFormat } from '../../lib/mdx/markdown';
import { markdownDisplayMath } from '../../lib/mdx/site-settings';

export class VersionConflictError extends Error {
  constructor(readonly slug: string) {
    super(`Post "${slug}" was changed by someone else since you opened it; reload and apply your edit again.`);
  }
}

/** A stored Post.format as a PostFormat: a value that is neither (a row written behind the app's back) is MDX, the default. */
export function postFormat(value: unknown): PostFormat {
  return isPostFormat(value) ? value : 'mdx';
}

/** Compiles a post's source as its format says ('markdown' or 'mdx'), with the site's settings (markdownDisplayMath). */
export async function compilePostSource(source: string, format: PostFormat): Promise<CompiledPost> {
  return compileMdx(source, { ...(await embedCompileOptions()), format, markdownDisplayMath: markdownDisplayMath() });
}

export function excerptFrom(summary: string | undefined, compiled: CompiledPost, max = 180): string {
  const text = (summary ?? '').trim() || compiled.firstParagraph;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The columns a successful compile sets on a post. */
export function compiledColumns(compiled: CompiledPost) {
  return {
    compiledCode: compiled.code,
    toc: JSON.stringify(compiled.toc),
    embeds: JSON.stringify(compiled.embeds),
    readingMinutes: compiled.readingMinutes,
    searchText: compiled.searchText,
    compileError: null,
  };
}

/**
 * Saves a new source for an existing post under optimistic locking: `expectedVersion` is the version the
 * editor read. On a compile error the source and error are stored and the last good output stays live.
 */
export async function updatePostSource(db: Db, slug: string, expectedVersion: number, source: string, format?: PostFormat) {
  let columns: Record<string, unknown>;
  let error: MdxCompileError | null = null;
  // Without a format the post keeps the one it has.
  const fmt = format ?? postFormat((await db.post.findUnique({ where: { slug }, select: { format: true } }))?.format);
  try {
    columns = compiledColumns(await compilePostSource(source, fmt));
  } catch (err) {
    if (!(err instanceof MdxCompileError)) throw err;
    error = err;
    columns = { compileError: err.message };
  }
  const result = await db.post.updateMany({
    where: { slug, version: expectedVersion },
    data: { ...columns, source, ...(format ? { format } : {}), version: { increment: 1 } },
  });
  if (result.count === 0) throw new VersionConflictError(slug);
  return { error };
}

/**
 * Compiles the stored source of posts again (after `loaddata`, which writes rows without app logic, or
 * after an embed was added). Returns the slugs compiled and the ones that failed with their error.
 */
export async function recompilePosts(db: Db, slugs?: string[]) {
  const posts = await db.post.findMany({ where: slugs?.length ? { slug: { in: slugs } } : {}, select: { id: true, slug: true, source: true, format: true, excerpt: true } });
  const compiled: string[] = [];
  const failed: { slug: string; error: string }[] = [];
  for (const post of posts) {
    try {
      const out = await compilePostSource(post.source, postFormat(post.format));
      await db.post.update({
        where: { id: post.id },
        data: { ...compiledColumns(out), excerpt: post.excerpt || excerptFrom(undefined, out), version: { increment: 1 } },
      });
      compiled.push(post.slug);
    } catch (err) {
      if (!(err instanceof MdxCompileError)) throw err;
      await db.post.update({ where: { id: post.id }, data: { compileError: err.message } });
      failed.push({ slug: post.slug, error: err.message });
    }
  }
  const missing = (slugs ?? []).filter((s) => !posts.some((p) => p.slug === s));
  return { compiled, failed, missing };
}

/**
 * Recompiles the posts whose stored output an older compiler made (mdx-bundler's JavaScript, which is never run
 * any more): `npm start` calls this through `loadcontent --if-empty` so an existing database keeps working.
 */
export async function recompileOutdatedPosts(db: Db) {
  const outdated = await db.post.findMany({
    where: { compiledCode: { not: '' }, NOT: { compiledCode: { startsWith: CURRENT_OUTPUT_PREFIX } } },
    select: { slug: true },
  });
  if (!outdated.length) return { compiled: [], failed: [], missing: [] };
  return recompilePosts(db, outdated.map((p) => p.slug));
}

export interface PostCompileProblem {
  slug: string;
  status: string;
  /** The compiler's message, "line N, column M: why" when it knows where. */
  error: string;
  /** Whether an earlier version compiled and stays live (otherwise readers see nothing of the post). */
  live: boolean;
}

/**
 * Posts whose latest source failed to compile (`manage blog errors`, the admin's 컴파일 오류 filter), by slug; and
 * how many published posts have never been compiled at all (loaded by loaddata, not yet `blog recompile`d).
 */
export async function postCompileProblems(db: Db): Promise<{ failed: PostCompileProblem[]; uncompiled: string[] }> {
  const [failed, uncompiled] = await Promise.all([
    db.post.findMany({ where: { compileError: { not: null } }, select: { slug: true, status: true, compileError: true, compiledCode: true }, orderBy: { slug: 'asc' } }),
    db.post.findMany({ where: { compileError: null, compiledCode: '', status: { in: ['published', 'scheduled'] } }, select: { slug: true }, orderBy: { slug: 'asc' } }),
  ]);
  return {
    failed: failed.map((p) => ({ slug: p.slug, status: p.status, error: p.compileError!, live: p.compiledCode !== '' })),
    uncompiled: uncompiled.map((p) => p.slug),
  };
}
