// The blog app's own manage commands (`npm run manage -- blog <command>`).
import { CommandError, defineCommand, type Command } from '../../../lib/app';
import { checkContentCommand } from './checkcontent';
import { dumpContentCommand } from './dumpcontent';
import { importCommands } from './import';
import { redirectsCommands } from './redirects';
import { loadContentCommand } from './loadcontent';

const commands: Record<string, Command> = {
  'publish-scheduled': defineCommand({
    description: 'Publish the scheduled posts whose publication time has passed (run it from cron); prints how many.',
    options: {
      'dry-run': { type: 'boolean', help: 'List the posts that are due; change nothing.' },
      now: { type: 'string', metavar: 'ISO-DATETIME', help: 'Publish what is due by this time instead of now, e.g. 2020-02-16T15:15:00+09:00.' },
    },
    async run(values, ctx) {
      const dryRun = values.dryRun;
      const now = values.now ? new Date(values.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new CommandError(`--now "${values.now}" is not a date; use e.g. 2020-02-16T15:15:00+09:00`, 2);
      const { getDb } = await import('../../../lib/db');
      const { publishScheduled } = await import('./publish-scheduled');
      const db = getDb();
      try {
        const posts = await publishScheduled(db, now, { dryRun });
        for (const p of posts) ctx.out(`  ${dryRun ? 'would publish' : 'published'}  ${p.slug}  (${p.publishedAt?.toISOString()})  ${p.title}`);
        ctx.out(`${dryRun ? 'Would publish' : 'Published'} ${posts.length} scheduled post(s) due by ${now.toISOString()}.`);
        if (posts.length && !dryRun) await tellServer(ctx, posts.map((p) => p.slug));
      } finally {
        await db.$disconnect();
      }
    },
  }),
  recompile: defineCommand({
    description: 'Compile the MDX of posts again (all, the slugs given, or --outdated: those an older compiler stored): after loaddata, or when an embed was added.',
    arguments: [{ name: 'slug', variadic: true, optional: true, help: 'The posts to compile (default: all).' }],
    options: { outdated: { type: 'boolean', help: 'Only the posts an older compiler stored.' } },
    async run(values, ctx) {
      const positionals = values.slug;
      if (values.outdated && positionals.length) throw new CommandError('--outdated picks the posts itself; give either slugs or --outdated', 2);
      const { getDb } = await import('../../../lib/db');
      const { recompilePosts, recompileOutdatedPosts } = await import('../posts');
      const db = getDb();
      try {
        const result = values.outdated ? await recompileOutdatedPosts(db) : await recompilePosts(db, positionals);
        for (const slug of result.compiled) ctx.out(`  compiled  ${slug}`);
        for (const f of result.failed) ctx.err(`  FAILED    ${f.slug}: ${f.error}`);
        if (result.missing.length) throw new CommandError(`No post with slug ${result.missing.map((s) => `"${s}"`).join(', ')}`);
        ctx.out(`Compiled ${result.compiled.length} post(s); ${result.failed.length} failed (their last good version stays live).`);
        if (result.compiled.length) await tellServer(ctx, result.compiled);
        return result.failed.length ? 1 : 0;
      } finally {
        await db.$disconnect();
      }
    },
  }),
  errors: defineCommand({
    description: "List the posts whose latest source failed to compile (slug, status, the error with its line); exit 1 when there is any (for CI or cron).",
    async run(_values, ctx) {
      const { getDb } = await import('../../../lib/db');
      const db = getDb();
      try {
        return await reportCompileErrors(db, ctx);
      } finally {
        await db.$disconnect();
      }
    },
  }),
  reindex: defineCommand({
    description: 'Rebuild the search index from every post (after a bulk import, or to reclaim space); searches keep working meanwhile.',
    async run(_values, ctx) {
      const { getDb } = await import('../../../lib/db');
      const { rebuildSearchIndex } = await import('../search/index');
      const db = getDb();
      try {
        const started = Date.now();
        const count = await rebuildSearchIndex(db, (done) => ctx.out(`  indexed ${done} post(s)…`));
        ctx.out(`Indexed ${count} post(s) for search in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      } finally {
        await db.$disconnect();
      }
    },
  }),
};

/** `blog errors`' work: prints the posts whose latest source failed to compile; 1 when there is any. */
export async function reportCompileErrors(db: import('../../../lib/db').Db, ctx: { out: (l: string) => void; err: (l: string) => void }): Promise<number> {
  const { postCompileProblems } = await import('../posts');
  const { failed, uncompiled } = await postCompileProblems(db);
  for (const p of failed) {
    ctx.out(`  ${p.slug}  [${p.status}]  ${p.error.split('\n')[0]}  (${p.live ? 'its last good version stays live' : 'never compiled: hidden from readers'})`);
  }
  if (uncompiled.length) {
    ctx.err(`Note: ${uncompiled.length} published or scheduled post(s) have not been compiled yet (${uncompiled.slice(0, 5).join(', ')}${uncompiled.length > 5 ? ', …' : ''}): run \`npm run manage -- blog recompile\`.`);
  }
  ctx.out(failed.length ? `${failed.length} post(s) failed to compile.` : 'No post has a compile error.');
  return failed.length ? 1 : 0;
}

/** A running server caches pages; tell it which posts changed (nothing happens if none is running). */
async function tellServer(ctx: { out: (l: string) => void }, slugs: string[]) {
  const { notifyRunningServer } = await import('../../../lib/revalidation');
  const { blogTags } = await import('../cache');
  if (await notifyRunningServer({ tags: [blogTags.posts, blogTags.categories, blogTags.tags], paths: [], posts: slugs })) {
    ctx.out('The running server refreshed its cached pages.');
  }
}

// loadcontent and dumpcontent keep their bare names (`manage loadcontent`): the runner finds an app command no
// core command takes, and `npm start` runs `loadcontent --if-empty`.
commands.loadcontent = loadContentCommand;
commands.dumpcontent = dumpContentCommand;
commands.checkcontent = checkContentCommand;
// The import and redirects groups (`manage import wordpress <file>`, `manage redirects add <old-path> <slug>`).
Object.assign(commands, importCommands, redirectsCommands);

export default commands;
