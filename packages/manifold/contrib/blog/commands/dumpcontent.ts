// `manage dumpcontent` (a blog command, callable bare): every post as an MDX file loadcontent reads back.
import path from 'node:path';
import { defineCommand } from '../../../lib/app';
import { shown, withDb } from '../../../lib/manage/support';

export const dumpContentCommand = defineCommand({
  description: 'Write every post in the database as an MDX file with frontmatter (and categories.json) into <dir>, for loadcontent.',
  arguments: [{ name: 'dir', help: 'The folder to write into (created if missing).' }],
  async run(options, ctx) {
    const dir = path.resolve(options.dir);
    const { exportContent } = await import('../content-export');
    const { siteConfig } = await import('@site/site.config');
    return withDb(async (db) => {
      const report = await exportContent(db, dir, { timeZone: (siteConfig as { timeZone?: string }).timeZone });
      for (const file of report.written) ctx.out(`  wrote ${shown(file)}`);
      const posts = report.written.length - (report.categories ? 1 : 0);
      ctx.out(`Dumped ${posts} post(s)${report.categories ? ` and ${report.categories} categories` : ''} to ${shown(dir)}.`);
      // The models the posts embed (the ml app's model library), with their files, in ml-models/ beside them.
      const { isInstalled } = await import('@site/.manifold/registry.client');
      if (isInstalled('ml')) {
        const { exportModelLibrary } = await import('../../ml/custom/content');
        const { mediaStorage } = await import('../../media/storage');
        const models = await exportModelLibrary(db, dir, mediaStorage());
        if (models.models) ctx.out(`Dumped ${models.models} model(s) of the model library (${models.versions} version(s), ${models.written.length} file(s)) to ${shown(path.join(dir, 'ml-models'))}.`);
      }
    });
  },
});
