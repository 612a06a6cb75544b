// `manage dumpcontent` (a blog command, callable bare): every post as an MDX file loadcontent reads back.
import path from 'node:path';
import { CommandError, type Command } from '../../../lib/app';
import { parseCommandArgs } from '../../../lib/manage/args';
import { shown, withDb } from '../../../lib/manage/support';

export const dumpContentCommand: Command = {
  description: 'Write every post in the database as an MDX file with frontmatter (and categories.json) into <dir>, for loadcontent.',
  usage: '<dir>',
  async run(args, ctx) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new CommandError('Usage: manage dumpcontent <dir>', 2);
    const dir = path.resolve(positionals[0]);
    const { exportContent } = await import('../content-export');
    const { siteConfig } = await import('../../../site.config');
    return withDb(async (db) => {
      const report = await exportContent(db, dir, { timeZone: (siteConfig as { timeZone?: string }).timeZone });
      for (const file of report.written) ctx.out(`  wrote ${shown(file)}`);
      const posts = report.written.length - (report.categories ? 1 : 0);
      ctx.out(`Dumped ${posts} post(s)${report.categories ? ` and ${report.categories} categories` : ''} to ${shown(dir)}.`);
    });
  },
};
