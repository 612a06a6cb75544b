// The blog's answer to the media library's "where is this file used?" (the extension point media.usage, collected
// by contrib/media): the posts whose source, draft or cover image names an uploaded file. Plain ESM because the
// registry's provides modules are plain JavaScript; the media app passes its database client in.

/**
 * @param {{ post: { findMany(args: unknown): Promise<{ id: number, title: string, source: string, coverImage: string | null, draft: string | null }[]> } }} db
 * @param {string[]} hashes the 16-hex-digit content hashes of media keys (…/<hash>.<W>x<H>.<ext>)
 * @returns {Promise<Record<string, { id: number, title: string, editUrl: string }[]>>}
 */
async function find(db, hashes) {
  /** @type {Record<string, { id: number, title: string, editUrl: string }[]>} */
  const used = Object.fromEntries(hashes.map((h) => [h, []]));
  const needles = hashes.filter((h) => /^[0-9a-f]{16}$/.test(h)).map((h) => `${h}.`);
  if (!needles.length) return used;
  const posts = await db.post.findMany({
    where: { OR: needles.flatMap((n) => [{ source: { contains: n } }, { coverImage: { contains: n } }, { draft: { contains: n } }]) },
    select: { id: true, title: true, source: true, coverImage: true, draft: true },
    orderBy: { id: 'asc' },
  });
  for (const n of needles) {
    used[n.slice(0, -1)] = posts
      .filter((p) => [p.source, p.coverImage, p.draft].some((s) => typeof s === 'string' && s.includes(n)))
      .map((p) => ({ id: p.id, title: p.title, editUrl: `/admin/blog/post/${p.id}/change` }));
  }
  return used;
}

export default { app: 'blog', find };
