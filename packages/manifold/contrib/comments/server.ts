// The comments app's server manifest: the admin's moderation actions, and what it gives the blog's post page and lists
// through the blog's extension points "blog.post-end" (the comments section and island), "blog.comment-counts" and
// "blog.import-comments" (writing an imported post's comments inside the import's transaction).
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  commands: () => import('./commands'),
  adminHooks: './admin-hooks.ts',
  provides: { 'blog.post-end': './post-end.mjs', 'blog.comment-counts': './post-counts.mjs', 'blog.import-comments': './import-comments.mjs' },
});
