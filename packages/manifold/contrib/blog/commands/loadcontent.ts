// `manage loadcontent` (a blog command, callable bare): MDX posts from a folder into the database.
import path from 'node:path';
import { CommandError, defineCommand } from '../../../lib/app';
import { siteConfig } from '@site/site.config';

export const loadContentCommand = defineCommand({
  description: 'Load MDX posts (frontmatter + body) from a folder into the database, idempotently; bad files are named and skipped.',
  arguments: [{ name: 'dir', optional: true, help: `The folder of .mdx/.md posts (default: the site's contentDir, ${siteConfig.contentDir}).` }],
  options: { 'if-empty': { type: 'boolean', help: 'Load only when the database has no posts yet (what npm start does).' } },
  async run(options, ctx) {
    const { getDb } = await import('../../../lib/db');
    const { loadContent, ContentError, recompileOutdatedPosts } = await import('../content');
    const db = getDb();
    try {
      // Rows stored by an older compiler (JavaScript) are never run; compile their sources again first.
      const outdated = await recompileOutdatedPosts(db);
      for (const f of outdated.failed) ctx.err(`  FAILED     ${f.slug}: ${f.error}`);
      if (outdated.compiled.length) ctx.out(`Recompiled ${outdated.compiled.length} post(s) stored by an older compiler.`);
      if (options.ifEmpty && (await db.post.count()) > 0) {
        ctx.out('The database already has posts; sample content not loaded.');
        return 0;
      }
      const dir = path.resolve(options.dir ?? siteConfig.contentDir);
      const report = await loadContent(db, dir).catch((err) => {
        if (err instanceof ContentError) throw new CommandError(err.message);
        throw err;
      });
      for (const f of report.created) ctx.out(`  created    ${f}`);
      for (const f of report.updated) ctx.out(`  updated    ${f}`);
      for (const { file, problem } of report.failed) ctx.err(`  FAILED     ${file}: ${problem}`);
      // The model library dumpcontent wrote beside the posts (ml-models/), files put back in the media storage.
      const { isInstalled } = await import('@site/.manifold/registry.client');
      if (isInstalled('ml')) {
        const { importModelLibrary } = await import('../../ml/custom/content');
        const { mediaStorage } = await import('../../media/storage');
        const models = await importModelLibrary(db, dir, mediaStorage());
        for (const slug of models.created) ctx.out(`  created    ml-models/${slug}`);
        for (const slug of models.updated) ctx.out(`  updated    ml-models/${slug}`);
        for (const { file, problem } of models.failed) ctx.err(`  FAILED     ${file}: ${problem}`);
        report.failed.push(...models.failed);
      }
      ctx.out(
        `Loaded ${report.created.length} new and ${report.updated.length} changed post(s); ${report.unchanged.length} unchanged; ${report.failed.length} failed; ${report.categories} categories.`,
      );
      if (report.created.length + report.updated.length > 0) {
        const { notifyRunningServer } = await import('../../../lib/revalidation');
        const { blogTags } = await import('../cache');
        const told = await notifyRunningServer({ tags: [blogTags.posts, blogTags.categories, blogTags.tags], paths: [], posts: report.changedSlugs });
        if (told) ctx.out('The running server refreshed its cached pages.');
      }
      return report.failed.length ? 1 : 0;
    } finally {
      await db.$disconnect();
    }
  },
});
