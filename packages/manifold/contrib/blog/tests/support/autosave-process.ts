// One of the processes of autosave-processes.test.ts: autosaves a post as its own author, over and over, while it
// reads what readers read, all on the SQLite file named by DATABASE_URL; prints what it did and every error, as JSON.
import { createDb } from '../../../../lib/db';
import type { CurrentUser } from '../../../accounts/auth';
import { setAdminDatabase } from '../../../admin/core/db';
import { autosavePost } from '../../editor/api';
import { savedFields, loadPost } from '../../editor/data';

const [postId, userId, rounds] = process.argv.slice(2).map(Number);
const db = createDb();
setAdminDatabase(db);
const user: CurrentUser = { id: userId, email: `author${userId}@example.com`, name: 'author', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };
const errors: string[] = [];
let autosaves = 0;
let conflicts = 0;
let reads = 0;
for (let i = 0; i < rounds; i++) {
  const post = await loadPost(db, postId);
  const fields = { ...savedFields(post!), source: `# 초안 ${userId}-${i}\n\n${'본문 '.repeat(200)}` };
  await Promise.all([
    autosavePost({ db, user }, postId, { version: post!.version, fields }).then(
      () => autosaves++,
      // A refusal the editor shows (409: someone saved since) is an answer, not a database error.
      (err: { status?: number; message?: string }) => (err.status === 409 ? conflicts++ : errors.push(`autosave: ${err.message}`)),
    ),
    db.post.findMany({ where: { status: 'published' }, select: { id: true, title: true, draft: true }, take: 20 }).then(() => reads++, (err: Error) => errors.push(`read: ${err.message}`)),
    db.revision.count({ where: { postId } }).then(() => reads++, (err: Error) => errors.push(`read: ${err.message}`)),
  ]);
}
await db.$disconnect();
process.stdout.write(JSON.stringify({ autosaves, conflicts, reads, errors }));
