// What the comments app gives the blog's importers (extension point "blog.import-comments"): it writes the comments of
// an imported post inside the import's one transaction. Plain JavaScript, no imports: the blog's import core loads it.
// The HTML is left empty (derived data): the comments list renders it from the Markdown on first read, as after loaddata.
const provided = {
  label: 'comments',
  /**
   * A new comment; a reply to a reply joins its top-level parent's thread (comments are two levels deep).
   * @param {{ comment: { create: Function, findUnique: Function } }} tx
   * @param {{ postId: number, parentId: number | null, name: string, email: string, body: string, status: string, createdAt: Date }} data
   * @returns {Promise<number>}
   */
  async create(tx, data) {
    const parentId = await topLevel(tx, data.parentId);
    const row = await tx.comment.create({ data: { ...data, parentId, html: '' }, select: { id: true } });
    return row.id;
  },
  /**
   * Rewrites an imported comment; false when it was deleted here.
   * @param {{ comment: { updateMany: Function, findUnique: Function } }} tx @param {number} id
   * @param {{ postId: number, parentId: number | null, name: string, email: string, body: string, status: string, createdAt: Date }} data
   * @returns {Promise<boolean>}
   */
  async update(tx, id, data) {
    const parentId = await topLevel(tx, data.parentId);
    const { count } = await tx.comment.updateMany({ where: { id }, data: { ...data, parentId: parentId === id ? null : parentId, html: '' } });
    return count > 0;
  },
};

/** @param {{ comment: { findUnique: Function } }} tx @param {number | null} parentId */
async function topLevel(tx, parentId) {
  if (parentId === null) return null;
  const parent = await tx.comment.findUnique({ where: { id: parentId }, select: { id: true, parentId: true } });
  return parent ? (parent.parentId ?? parent.id) : null;
}

export default provided;
