// What the admin runs around the blog's saves, deletes and bulk actions: a post is compiled through the blog's MDX
// pipeline (posts.ts, the same one loadcontent and recompile use) and refused with the line and column when it does
// not compile; only a publisher may publish or schedule; every change clears the cached reader pages. The post's add and
// change pages are the post editor (editor/view), its revisions an object page, and the editor's JSON API
// (/admin/api/blog/*: editor/api.ts, and the preview, editor/preview.ts) is this module's `endpoints`.
import { AdminValidationError, type AdminModelHooks } from '../../lib/app';
import { db as siteDb, type Db } from '../../lib/db';
import { revalidateContent } from '../../lib/cache';
import { MdxCompileError } from '../../lib/mdx/compile';
import { compilePostSource, compiledColumns, excerptFrom } from './posts';
import { isPostFormat } from '../../lib/mdx/markdown';
import { LegacyPathError, normaliseLegacyPath } from './legacy-paths';
import { blogTags } from './cache';
import { markStale } from './search/index';
import { editorEndpoints } from './editor/api';
import { previewEndpoints } from './editor/preview';

const PUBLISH = 'blog.publish_post';
const VISIBLE = new Set(['published', 'scheduled']);

/** Reader pages show sidebar counts, neighbours and lists: any content change may show on any of them. */
async function revalidate(slugs: string[]) {
  await revalidateContent({ tags: [blogTags.posts, blogTags.categories, blogTags.tags, ...slugs.map(blogTags.post)], paths: ['/'], posts: slugs });
}

const Post: AdminModelHooks = {
  changeFormView: () => import('./editor/view/page'),
  objectViews: { revisions: () => import('./editor/view/revisions-page') },
  columns: {
    // Readers keep the last output that compiled; the author should see at a glance which posts need fixing.
    compiles: { label: '컴파일', labelEn: 'Compiles', select: ['compileError'], value: (row) => !row.compileError },
  },
  async beforeSave({ data, existing, user }) {
    const out = { ...data };
    const mayPublish = user.isSuperuser || user.permissions.has(PUBLISH);
    const status = String(out.status ?? existing?.status ?? 'draft');
    // A non-publisher may keep a published post published while editing it, but never make one visible.
    if (VISIBLE.has(status) && !mayPublish && existing?.status !== status) {
      throw new AdminValidationError([{ field: 'status', message: `발행 권한(${PUBLISH})이 없어 초안(draft)으로만 저장할 수 있습니다. / You may only save drafts: publishing needs ${PUBLISH}.` }]);
    }
    const publishedAt = out.publishedAt !== undefined ? out.publishedAt : existing?.publishedAt;
    if (status === 'scheduled' && !publishedAt) {
      throw new AdminValidationError([{ field: 'publishedAt', message: '예약 발행에는 발행 시각이 필요합니다. / A scheduled post needs a publication time.' }]);
    }
    if (status === 'published' && !publishedAt) out.publishedAt = new Date();

    // Compile when the source is new or changed, or the stored output is missing or failed.
    const source = out.source !== undefined ? String(out.source) : existing ? String(existing.source ?? '') : '';
    // A save that names no format keeps the post's (a new post: the column's default, mdx; the editor sends markdown for new posts).
    const rawFormat = out.format !== undefined ? out.format : (existing?.format ?? 'mdx');
    if (!isPostFormat(rawFormat)) {
      throw new AdminValidationError([{ field: 'format', message: `형식은 markdown 또는 mdx입니다. / The format is markdown or mdx (got "${String(rawFormat).slice(0, 20)}").` }]);
    }
    const format = rawFormat;
    out.format = format;
    const stale = !existing || source !== existing.source || format !== existing.format || !!existing.compileError || !existing.compiledCode;
    if (stale) {
      try {
        const compiled = await compilePostSource(source, format);
        Object.assign(out, compiledColumns(compiled));
        const excerpt = out.excerpt !== undefined ? String(out.excerpt) : String(existing?.excerpt ?? '');
        if (!excerpt.trim()) out.excerpt = excerptFrom(undefined, compiled);
      } catch (err) {
        if (!(err instanceof MdxCompileError)) throw err;
        throw new AdminValidationError([{ field: 'source', message: `${format === 'markdown' ? 'Markdown' : 'MDX'}를 컴파일할 수 없습니다 / The ${format === 'markdown' ? 'Markdown' : 'MDX'} does not compile — ${err.message}` }]);
      }
    }
    return out;
  },
  async afterSave({ object }) {
    await revalidate([String(object.slug)]);
  },
  async afterDelete({ objects }) {
    await revalidate(objects.map((o) => String(o.slug)));
  },
  actions: {
    /** Drafts (and scheduled posts) become published now; a post keeps an earlier publication time it had. */
    async publish({ ids, db }) {
      const d: Db = db ?? siteDb;
      const where = { id: { in: ids.map(Number) }, status: { not: 'published' } };
      const posts = await d.post.findMany({ where, select: { id: true, slug: true, publishedAt: true } });
      const now = new Date();
      await d.$transaction([
        d.post.updateMany({ where: { id: { in: posts.filter((p) => !p.publishedAt || p.publishedAt > now).map((p) => p.id) } }, data: { publishedAt: now } }),
        d.post.updateMany({ where: { id: { in: posts.map((p) => p.id) } }, data: { status: 'published', version: { increment: 1 } } }),
      ]);
      await revalidate(posts.map((p) => p.slug));
      return `${posts.length}개 글을 발행했습니다. / Published ${posts.length} post(s).`;
    },
    async unpublish({ ids, db }) {
      const d: Db = db ?? siteDb;
      const posts = await d.post.findMany({ where: { id: { in: ids.map(Number) }, status: { not: 'draft' } }, select: { id: true, slug: true } });
      await d.post.updateMany({ where: { id: { in: posts.map((p) => p.id) } }, data: { status: 'draft', version: { increment: 1 } } });
      await revalidate(posts.map((p) => p.slug));
      return `${posts.length}개 글의 발행을 취소했습니다. / Unpublished ${posts.length} post(s).`;
    },
  },
};

/** Categories and tags show in every page's sidebar, a series in its posts' pages; their names are words their posts
 * are found by. */
const listed = (postsOf: (d: Db, object: Record<string, unknown>) => Promise<number[]>): AdminModelHooks => ({
  async afterSave({ object, db }) {
    await markStale(db ?? siteDb, await postsOf(db ?? siteDb, object));
    await revalidate([]);
  },
  // A deleted category's posts lose it (SetNull; its subcategories' posts lose it from their path), a deleted tag's
  // posts their link, a series' posts their box: the database changes those rows without touching their stamp, so they
  // are read before the delete and marked after it (found by their names no more, counted again).
  async beforeDelete({ objects, db }) {
    const d = db ?? siteDb;
    return (await Promise.all(objects.map((o) => postsOf(d, o)))).flat();
  },
  async afterDelete({ db, before }) {
    await markStale(db ?? siteDb, Array.isArray(before) ? before : []);
    await revalidate([]);
  },
});

/** A category's posts, its descendants' included (a post is found by every name on its category's path). */
async function postsInCategory(d: Db, object: Record<string, unknown>): Promise<number[]> {
  const categories = await d.category.findMany({ select: { id: true, parentId: true } });
  const ids = new Set([Number(object.id)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of categories) {
      if (c.parentId == null || !ids.has(c.parentId) || ids.has(c.id)) continue;
      ids.add(c.id);
      grew = true;
    }
  }
  return (await d.post.findMany({ where: { categoryId: { in: [...ids] } }, select: { id: true } })).map((p) => p.id);
}

const postsWithTag = async (d: Db, object: Record<string, unknown>) =>
  (await d.post.findMany({ where: { tags: { some: { id: Number(object.id) } } }, select: { id: true } })).map((p) => p.id);

/** A series' posts: each shows the series' title and its list in the box at its end, and is found by the title. */
const postsInSeries = async (d: Db, object: Record<string, unknown>) =>
  (await d.post.findMany({ where: { seriesId: Number(object.id) }, select: { id: true } })).map((p) => p.id);

/**
 * An old address typed in the admin is hostile input like one from an import: checked and stored in the same normal
 * form (legacy-paths.ts), or refused naming the field. The home page with ?p= is a cached page, so a change purges.
 */
const LegacyPath: AdminModelHooks = {
  async beforeSave({ data, existing }) {
    const given = data.path !== undefined ? data.path : existing?.path;
    try {
      return { ...data, path: normaliseLegacyPath(String(given ?? '')) };
    } catch (err) {
      if (!(err instanceof LegacyPathError)) throw err;
      throw new AdminValidationError([{ field: 'path', message: `${err.message}. / 옛 주소는 이 사이트의 경로여야 합니다 (예: /2020/02/16/slug, /?p=123).` }]);
    }
  },
  async afterSave() {
    await revalidate([]);
  },
  async afterDelete() {
    await revalidate([]);
  },
};

const hooks: Partial<Record<string, AdminModelHooks>> = { Post, Category: listed(postsInCategory), Tag: listed(postsWithTag), Series: listed(postsInSeries), LegacyPath };
export default hooks;

/** The post editor's API, served at /admin/api/blog/* by the admin (contrib/admin/views/api-route.ts). */
export const endpoints = [...editorEndpoints, ...previewEndpoints];
