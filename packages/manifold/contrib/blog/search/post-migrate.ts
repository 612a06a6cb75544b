// `migrate` creates the search index's tables (search/index.ts); the next search fills them.
import type { PostMigrateContext } from '../../../lib/app';
import { ensureSearchIndex } from './index';

export default async function createSearchIndex({ db }: PostMigrateContext) {
  await ensureSearchIndex(db);
}
