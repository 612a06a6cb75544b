// What the comments app adds to the blog's post lists (extension point "blog.comment-counts"): approved comments per
// post, one query for the whole list. Plain JavaScript, no imports: the blog's queries load it.
const provided = {
  label: 'comments',
  /**
   * @param {{ comment: { groupBy: (args: object) => Promise<{ postId: number, _count: { _all: number } }[]> } }} db
   * @param {number[]} postIds
   * @returns {Promise<Map<number, number>>}
   */
  async counts(db, postIds) {
    if (!postIds.length) return new Map();
    const rows = await db.comment.groupBy({ by: ['postId'], where: { postId: { in: postIds }, status: 'approved' }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.postId, r._count._all]));
  },
};

export default provided;
