// The blog app's server manifest: its manage commands (publish-scheduled, recompile, loadcontent, dumpcontent) and
// what `manage shell` loads under the name `blog`, and its checks (posts whose embeds' app is not installed); its Node
// hook (node.mjs) publishes scheduled posts on time from the production server.
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  commands: () => import('./commands'),
  shell: () => import('./data'),
  checks: async () => (await import('./checks')).postsWithMissingEmbeds(),
  adminHooks: './admin-hooks.ts',
  // The search index's tables (derived data, like Django's cache table): created here so the first search needs no DDL.
  postMigrate: () => import('./search/post-migrate'),
  node: './node.mjs',
  provides: { 'media.usage': './media-usage.mjs' },
  // What other apps add after a post and to post lists' entries (the comments app: its section, comment counts), and
  // who writes an imported post's comments (the comments app; without it the importers report comments as skipped).
  collects: ['blog.post-end', 'blog.comment-counts', 'blog.import-comments'],
  optionalProvides: ['media.usage'],
  permissions: { publish_post: 'Can publish posts', use_code_in_mdx: 'Can use code in MDX' },
  // The Open Graph cards' font is read by path (og.tsx), which file tracing cannot see (a Vercel function needs it).
  next: { outputFileTracingIncludes: { '/og/**': ['<app>/fonts/*.otf'] } },
});
