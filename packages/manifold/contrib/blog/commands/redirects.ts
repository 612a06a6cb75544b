// `manage redirects list|add|remove|pattern`: the old addresses (LegacyPath rows) that answer 301 to a post. An old
// address is hostile input: only a path on this site is taken, and the redirect always goes to the post's own URL.
import { CommandError, defineCommand, type Command } from '../../../lib/app';
import type { Db } from '../../../lib/db';
import { LegacyPathError, normaliseLegacyPath, pathFromPattern } from '../legacy-paths';

function legacyPathArg(value: string): string {
  try {
    return normaliseLegacyPath(value);
  } catch (err) {
    if (err instanceof LegacyPathError) throw new CommandError(err.message, 2);
    throw err;
  }
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const { getDb } = await import('../../../lib/db');
  const db = getDb();
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

/** Adds one old address; refuses a path another post holds. Returns false when it was already this post's. */
export async function addRedirect(db: Db, oldPath: string, slug: string, source = 'manual'): Promise<boolean> {
  const path = legacyPathArg(oldPath);
  const post = await db.post.findUnique({ where: { slug }, select: { id: true } });
  if (!post) throw new CommandError(`No post with slug "${slug}"`);
  const held = await db.legacyPath.findUnique({ where: { path }, select: { postId: true, post: { select: { slug: true } } } });
  if (held) {
    if (held.postId === post.id) return false;
    throw new CommandError(`"${path}" already leads to post "${held.post.slug}"; remove it first`);
  }
  await db.legacyPath.create({ data: { path, postId: post.id, source } });
  return true;
}

/** Records `pattern` (e.g. "/blog/{slug}/") for every post; returns how many were added and already there. */
export async function addPatternRedirects(db: Db, pattern: string, opts: { dryRun?: boolean } = {}) {
  const posts = await db.post.findMany({ select: { id: true, slug: true }, orderBy: { id: 'asc' } });
  const wanted = posts.map((p) => {
    try {
      return { postId: p.id, slug: p.slug, path: pathFromPattern(pattern, p.slug) };
    } catch (err) {
      if (err instanceof LegacyPathError) throw new CommandError(err.message, 2);
      throw err;
    }
  });
  const existing = new Map((await db.legacyPath.findMany({ where: { path: { in: wanted.map((w) => w.path) } }, select: { path: true, postId: true } })).map((r) => [r.path, r.postId]));
  const clash = wanted.find((w) => existing.has(w.path) && existing.get(w.path) !== w.postId);
  if (clash) throw new CommandError(`"${clash.path}" already leads to another post (#${existing.get(clash.path)}), not "${clash.slug}"; nothing was added`);
  const fresh = wanted.filter((w) => !existing.has(w.path));
  if (!opts.dryRun && fresh.length) await db.$transaction(fresh.map((w) => db.legacyPath.create({ data: { path: w.path, postId: w.postId, source: 'pattern' } })));
  return { added: fresh, already: wanted.length - fresh.length };
}

export const redirectsCommands: Record<string, Command> = {
  'redirects list': defineCommand({
    description: 'List the old addresses that answer 301 to a post (imported, added by hand, or from a pattern).',
    async run(_values, ctx) {
      await withDb(async (db) => {
        const rows = await db.legacyPath.findMany({ orderBy: { path: 'asc' }, select: { path: true, source: true, post: { select: { slug: true } } } });
        for (const r of rows) ctx.out(`  ${r.path}  →  ${r.post.slug}  (${r.source})`);
        ctx.out(`${rows.length} old address(es).`);
      });
    },
  }),
  'redirects add': defineCommand({
    description: 'Make an old address answer 301 to a post.',
    arguments: [
      { name: 'old-path', help: 'The old address, a path on this site: /2020/02/16/slug/, /?p=123, /entry/제목.' },
      { name: 'slug', help: 'The post it leads to.' },
    ],
    async run(values, ctx) {
      await withDb(async (db) => {
        const path = legacyPathArg(values.oldPath);
        const added = await addRedirect(db, values.oldPath, values.slug);
        ctx.out(added ? `Added ${path} → ${values.slug}.` : `${path} already leads to ${values.slug}.`);
      });
    },
  }),
  'redirects remove': defineCommand({
    description: 'Stop an old address from answering 301.',
    arguments: [{ name: 'old-path', help: 'The old address, as listed by `redirects list` (or as written before).' }],
    async run(values, ctx) {
      await withDb(async (db) => {
        const path = legacyPathArg(values.oldPath);
        const { count } = await db.legacyPath.deleteMany({ where: { path } });
        if (!count) throw new CommandError(`No old address "${path}"`);
        ctx.out(`Removed ${path}.`);
      });
    },
  }),
  'redirects pattern': defineCommand({
    description: 'Record an old address for every post from a pattern, e.g. "/blog/{slug}/" for a Django blog moved in by loaddata.',
    arguments: [{ name: 'pattern', help: 'A path holding {slug}: "/blog/{slug}/".' }],
    options: { 'dry-run': { type: 'boolean', help: 'Print the addresses that would be added; write nothing.' } },
    async run(values, ctx) {
      await withDb(async (db) => {
        const { added, already } = await addPatternRedirects(db, values.pattern, { dryRun: values.dryRun });
        for (const a of added) ctx.out(`  ${values.dryRun ? 'would add' : 'added'}  ${a.path}  →  ${a.slug}`);
        ctx.out(`${values.dryRun ? 'Would add' : 'Added'} ${added.length} old address(es); ${already} already there.`);
      });
    },
  }),
};
