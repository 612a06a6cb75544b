// Small factories for the blog's tests: each test empties the blog tables and builds exactly the posts it reads.
import type { GetServerSidePropsContext } from 'next';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '@site/prisma/generated/sqlite/client';
import { PrismaClient as PostgresClient } from '@site/prisma/generated/postgresql/client';
import { pgConfig, type DatabaseTarget } from '../../../lib/database-url';
import type { Db } from '../../../lib/db';
import { OUTPUT_FORMAT } from '../../../lib/mdx/policy';

/** What a reader page's getServerSideProps is called with, for `params` (and a query string's parameters). */
export function pageContext(params: Record<string, string | string[]>, query: Record<string, string> = {}): GetServerSidePropsContext {
  return { params, query, req: { url: '/', headers: {} }, res: { statusCode: 200, setHeader: () => {} }, resolvedUrl: '/' } as unknown as GetServerSidePropsContext;
}

export const seoulDay = (d: string) => new Date(`${d}T12:00:00+09:00`);
/** What the current compiler stores for an empty post: a tree, never code. */
export const COMPILED = JSON.stringify({ format: OUTPUT_FORMAT, tree: { type: 'root', children: [] } });

/** Removes every post, tag and category, so a test starts from nothing whatever ran before it. */
export async function emptyBlog(db: Db) {
  await db.post.deleteMany();
  await db.tag.deleteMany();
  await db.category.updateMany({ data: { parentId: null } });
  await db.category.deleteMany();
}

export function blogFactory(db: Db) {
  return {
    category: (name: string, extra: { parentId?: number; order?: number } = {}) => db.category.create({ data: { name, slug: name, ...extra } }),
    tag: (name: string) => db.tag.create({ data: { name, slug: name } }),
    /** A published, compiled post unless `extra` says otherwise. */
    post: (slug: string, publishedAt: Date, extra: { categoryId?: number; tagIds?: number[]; status?: string; compiledCode?: string; compileError?: string | null; searchText?: string; title?: string } = {}) => {
      const { tagIds, ...rest } = extra;
      return db.post.create({
        data: {
          slug,
          title: slug,
          status: 'published',
          publishedAt,
          compiledCode: COMPILED,
          searchText: `${slug} 본문`,
          ...rest,
          ...(tagIds ? { tags: { connect: tagIds.map((id) => ({ id })) } } : {}),
        },
      });
    },
  };
}

/**
 * The three kinds of post a reader must never meet, in `categoryId` with `tagId`, around `around`: a draft, a
 * post due in the future (scheduled, and one marked published whose date has not come), and a published post
 * that never compiled (its source fails, so there is no stored output).
 */
export async function addHiddenPosts(db: Db, opts: { categoryId: number; tagId: number; around: Date }) {
  const f = blogFactory(db);
  const common = { categoryId: opts.categoryId, tagIds: [opts.tagId], searchText: '숨은 글 본문' };
  const near = (minutes: number) => new Date(opts.around.getTime() + minutes * 60_000);
  await f.post('hidden-draft', near(1), { ...common, status: 'draft' });
  await f.post('hidden-scheduled', new Date(Date.now() + 86_400_000), { ...common, status: 'scheduled' });
  await f.post('hidden-future-published', new Date(Date.now() + 2 * 86_400_000), common);
  await f.post('hidden-uncompiled', near(-1), { ...common, compiledCode: '', compileError: 'line 3: <Nope /> is not a registered embed' });
  return ['hidden-draft', 'hidden-scheduled', 'hidden-future-published', 'hidden-uncompiled'];
}

/**
 * A client of `target` that records the SQL of every statement it sends (Prisma's query events), for tests of which
 * statements a read runs; `statements` is theirs to empty.
 */
export function loggedClient(target: DatabaseTarget): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const log = [{ emit: 'event' as const, level: 'query' as const }];
  const client =
    target.provider === 'sqlite'
      ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.file }), log })
      : (new PostgresClient({ adapter: new PrismaPg(pgConfig(target), { schema: target.schema }), log }) as unknown as SqliteClient);
  (client as unknown as { $on(e: 'query', cb: (e: { query: string }) => void): void }).$on('query', (e) => statements.push(e.query));
  return { db: client as Db, statements };
}
