// `manage import wordpress|ghost|feed` (the blog's import group): a parser turns the export into an ImportBundle, the
// import core (importers/core.ts) validates it whole, writes it in one transaction, compiles and reports. A broken
// export is one line naming where it broke, and nothing is written; --dry-run prints what would happen.
import fs from 'node:fs';
import path from 'node:path';
import { CommandError, defineCommand, type Command, type CommandContext } from '../../../lib/app';
import type { ImportAttachment, ImportBundle } from '../importers/bundle';

function readFile(file: string): Buffer {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new CommandError(`${file}: not a file`, 2);
    return fs.readFileSync(file);
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, 2);
  }
}

/** With --uploads DIR: each attachment found in the folder (by its path after /uploads/) is marked with its local file. */
export function findUploads(attachments: ImportAttachment[], dir: string): ImportAttachment[] {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new CommandError(`--uploads ${dir}: not a folder`, 2);
  return attachments.map((a) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(a.url, 'http://x').pathname);
    } catch {
      return a;
    }
    const rel = /\/uploads\/(.+)$/.exec(pathname)?.[1] ?? pathname.replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    // Never outside the folder (a hostile URL with ../).
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) return a;
    return { ...a, localPath: file };
  });
}

/** Parse → import → report; a parser's or the core's refusal becomes one CLI line naming the file and where. */
export async function runImport(ctx: CommandContext, label: string, parse: () => Promise<ImportBundle>, opts: { dryRun: boolean; uploads?: string }): Promise<number> {
  const { ImportFormatError } = await import('../importers/bundle');
  const { importBundle, reportLines } = await import('../importers/core');
  let bundle: ImportBundle;
  try {
    bundle = await parse();
  } catch (err) {
    if (err instanceof ImportFormatError) throw new CommandError(`${label}: ${err.message}`);
    throw err;
  }
  if (opts.uploads) bundle = { ...bundle, attachments: findUploads(bundle.attachments, opts.uploads) };
  const { getDb } = await import('../../../lib/db');
  const db = getDb();
  try {
    let last = 0;
    const report = await importBundle(db, bundle, {
      dryRun: opts.dryRun,
      onProgress: (phase, done, total) => {
        // A line every 10 % on large exports (the write phase runs in one transaction; compile after it).
        if (total >= 500 && (done === total || Math.floor((done * 10) / total) > last)) {
          last = done === total ? 0 : Math.floor((done * 10) / total);
          ctx.out(`  ${phase === 'write' ? 'written' : 'compiled'} ${done}/${total} post(s)…`);
        }
      },
    }).catch((err) => {
      if (err instanceof ImportFormatError) throw new CommandError(`${label}: ${err.message} (nothing was imported)`);
      throw err;
    });
    for (const line of reportLines(report)) ctx.out(line);
    if (!opts.dryRun && report.changedSlugs.length) {
      const { notifyRunningServer } = await import('../../../lib/revalidation');
      const { blogTags } = await import('../cache');
      if (await notifyRunningServer({ tags: [blogTags.posts, blogTags.categories, blogTags.tags], paths: ['/'], posts: report.changedSlugs })) {
        ctx.out('The running server refreshed its cached pages.');
      }
    }
    return report.failed.length ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

const dryRun = { type: 'boolean', help: 'Print what would be created, updated, skipped and dropped; write nothing.' } as const;

export const importCommands: Record<string, Command> = {
  'import wordpress': defineCommand({
    description: 'Import a WordPress export (WXR from Tools → Export): posts, categories, tags, authors (inactive), comments, old addresses.',
    arguments: [{ name: 'file', help: 'The export file (.xml).' }],
    options: {
      uploads: { type: 'string', metavar: 'DIR', help: 'A copy of wp-content/uploads: attachments found there are listed with their file (others keep their remote address).' },
      'pages-as-posts': { type: 'boolean', help: 'Import pages as posts too (skipped otherwise, and reported).' },
      'dry-run': dryRun,
      'time-zone': { type: 'string', metavar: 'ZONE', help: "The blog's time zone (e.g. Asia/Seoul), for dates the export gives only as local time; default UTC." },
    },
    epilog: 'Example: npm run manage -- import wordpress export.xml --time-zone Asia/Seoul --dry-run',
    async run(values, ctx) {
      const bytes = readFile(values.file);
      const label = path.basename(values.file);
      return runImport(ctx, label, async () => {
        const { parseWordpress } = await import('../importers/wordpress');
        return parseWordpress(bytes, { timeZone: values.timeZone, pagesAsPosts: values.pagesAsPosts, label });
      }, { dryRun: values.dryRun, uploads: values.uploads });
    },
  }),
  'import ghost': defineCommand({
    description: "Import a Ghost JSON export (Settings → Labs → Export): posts (html, lexical or mobiledoc), tags, authors (inactive), old addresses.",
    arguments: [{ name: 'file', help: 'The export file (.json).' }],
    options: {
      'site-url': { type: 'string', metavar: 'URL', help: 'The Ghost site\'s address (https://blog.example.com), for its absolute links and old addresses.' },
      'pages-as-posts': { type: 'boolean', help: 'Import pages as posts too (skipped otherwise, and reported).' },
      'dry-run': dryRun,
    },
    async run(values, ctx) {
      const text = readFile(values.file).toString('utf8');
      const label = path.basename(values.file);
      return runImport(ctx, label, async () => {
        const { parseGhost } = await import('../importers/ghost');
        return parseGhost(text, { siteUrl: values.siteUrl, pagesAsPosts: values.pagesAsPosts, label });
      }, { dryRun: values.dryRun });
    },
  }),
  'import feed': defineCommand({
    description: "Import an RSS 2.0 or Atom feed (a file or an http(s) address, e.g. a Tistory blog's /rss): its posts' full HTML, old addresses.",
    arguments: [{ name: 'source', metavar: 'FILE-OR-URL', help: 'The feed file, or its http(s) address.' }],
    options: { 'dry-run': dryRun },
    async run(values, ctx) {
      const isUrl = /^https?:\/\//i.test(values.source);
      const label = isUrl ? values.source : path.basename(values.source);
      const bytes = isUrl ? null : readFile(values.source);
      return runImport(ctx, label, async () => {
        const { parseFeed } = await import('../importers/feed');
        // An address is read under the guarded reader's rules (public addresses only, size and time limits).
        const body = bytes ?? (await (await import('../importers/fetch-url')).fetchUrl(values.source)).body;
        return parseFeed(body, { label });
      }, { dryRun: values.dryRun });
    },
  }),
};
