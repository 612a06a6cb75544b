// What the admin runs for comments: the moderation actions (approve, mark as spam; delete is the admin's own), the
// rendered HTML made again from the body on every save (stored HTML is never taken from a form or a fixture), and the
// post lists' counts refreshed whenever what readers see may have changed.
import type { AdminModelHooks } from '../../lib/app';
import { db as siteDb, type Db } from '../../lib/db';
import { revalidateCommentedPosts } from './cache';
import { renderCommentHtml } from './render';
import { setStatus, type CommentStatus } from './service';

async function moderate(ids: (string | number)[], status: CommentStatus, db: Db | undefined) {
  const { count, slugs } = await setStatus(db ?? siteDb, ids.map(Number).filter(Number.isSafeInteger), status);
  await revalidateCommentedPosts(slugs);
  return count;
}

async function slugsOf(db: Db, postIds: unknown[]) {
  const ids = postIds.map(Number).filter(Number.isSafeInteger);
  if (!ids.length) return [];
  return (await db.post.findMany({ where: { id: { in: ids } }, select: { slug: true } })).map((p) => p.slug);
}

const Comment: AdminModelHooks = {
  columns: {
    excerpt: {
      label: '내용',
      labelEn: 'Comment',
      select: ['body'],
      value: (row) => {
        const text = String(row.body ?? '').replace(/\s+/g, ' ').trim();
        return text.length > 80 ? `${text.slice(0, 80)}…` : text;
      },
    },
  },
  async beforeSave({ data, existing }) {
    const body = typeof data.body === 'string' ? data.body : typeof existing?.body === 'string' ? existing.body : '';
    return { ...data, html: renderCommentHtml(body) };
  },
  async afterSave({ object, db }) {
    await revalidateCommentedPosts(await slugsOf(db ?? siteDb, [object.postId]));
  },
  async afterDelete({ objects, db }) {
    // The posts still exist (a deleted post takes its comments with it): their counts changed.
    await revalidateCommentedPosts(await slugsOf(db ?? siteDb, objects.map((o) => o.postId)));
  },
  actions: {
    async approve({ ids, db }) {
      const n = await moderate(ids, 'approved', db);
      return `댓글 ${n}개를 승인했습니다. / Approved ${n} comment(s).`;
    },
    async spam({ ids, db }) {
      const n = await moderate(ids, 'spam', db);
      return `댓글 ${n}개를 스팸으로 표시했습니다. / Marked ${n} comment(s) as spam.`;
    },
  },
};

const hooks: Partial<Record<string, AdminModelHooks>> = { Comment };
export default hooks;
