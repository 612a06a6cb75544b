// One author of dump-busy.test.ts in a process of its own: creates a post and autosaves it, over and over, on the
// database named by DATABASE_URL, printing one JSON line per acknowledged pair ({"id", "at": wall-clock ms}) until
// stdin closes; then one line {"errors": [...]}.
import { createDb } from '../../../../lib/db';
import type { CurrentUser } from '../../../accounts/auth';
import { setAdminDatabase } from '../../../admin/core/db';
import { autosavePost, createPost } from '../../editor/api';
import { loadPost, savedFields } from '../../editor/data';

const [userId, tag] = process.argv.slice(2);
const db = createDb();
setAdminDatabase(db);
const user: CurrentUser = { id: Number(userId), email: 'author@example.com', name: 'author', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };
const BODY = '경사하강법 gradient descent, 학습률과 모멘텀. '.repeat(60);
let stop = false;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
const errors: string[] = [];
for (let i = 0; !stop; i++) {
  await new Promise((r) => setImmediate(r));
  try {
    const { id } = await createPost({ db, user }, { title: `새 글 ${tag}-${i}` });
    const post = await loadPost(db, id);
    await autosavePost({ db, user }, id, { version: post!.version, fields: { ...savedFields(post!), source: `# 초안 ${tag}-${i}\n\n${BODY}` } });
    process.stdout.write(`${JSON.stringify({ id, at: Date.now() })}\n`);
  } catch (err) {
    errors.push((err as Error).message);
  }
}
await db.$disconnect();
process.stdout.write(`${JSON.stringify({ errors })}\n`);
