// The comments app's server manifest: the admin's moderation actions, and what it gives the blog's post page and lists
// through the blog's extension point "blog.post-extras" (the comments island after a post, counts on post lists).
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  adminHooks: './admin-hooks.ts',
  provides: { 'blog.post-extras': './post-extras.mjs' },
});
