// What the posts table looks like, in one statement answered from the (updatedAt, version) index without reading a row:
// its newest change, how many posts, the sum of their versions. Derived data kept beside the posts (the search index,
// the stored counts of counts.ts) compares it with the stamp it was built from, so it notices a post added, changed
// or deleted by any path (the admin, the editor, manage commands, the shell, raw SQL that sets updatedAt) without each
// path calling a hook. A full read of that index: ~10–40 ms at 100,000 posts on PostgreSQL (vacuumed; ~150 ms while
// the visibility map is not yet set after a bulk load).
import type { Db } from '../../lib/db';

/** The stamp, and the number of posts in it (the search asks whether the blog is past its exact-ranking limit). */
export async function readPostsStamp(db: Db): Promise<{ stamp: string; posts: number }> {
  const [row] = await db.$queryRawUnsafe<{ m: unknown; n: unknown; v: unknown }[]>(`SELECT MAX("updatedAt") AS m, COUNT(*) AS n, SUM("version") AS v FROM "Post"`);
  return { stamp: `${String(row?.m instanceof Date ? row.m.toISOString() : row?.m)}|${Number(row?.n)}|${Number(row?.v)}`, posts: Number(row?.n) };
}

export async function postsStamp(db: Db): Promise<string> {
  return (await readPostsStamp(db)).stamp;
}
