// Test-only data for media.spec.ts, run as a child process (tsx) against the e2e server's database: a draft post
// whose source uses an uploaded image (so the library must refuse to delete it), and cleanup by prefix.
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';
import { compileMdx } from 'manifold/mdx/compile';

const cmd = JSON.parse(process.argv[2] ?? '{}') as {
  post?: { title: string; slug: string; source: string };
  published?: { title: string; slug: string; source: string };
  cleanup?: { titlePrefix: string; filenamePrefix: string };
};
const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
const out: Record<string, unknown> = {};
try {
  if (cmd.cleanup) {
    out.posts = (await db.post.deleteMany({ where: { title: { startsWith: cmd.cleanup.titlePrefix } } })).count;
    out.media = (await db.media.deleteMany({ where: { filename: { startsWith: cmd.cleanup.filenamePrefix } } })).count;
  }
  if (cmd.post) out.id = (await db.post.create({ data: { ...cmd.post, status: 'draft' } })).id;
  if (cmd.published) {
    // Compiled by the real compiler (images with no embeds need none of the registry's embed schemas).
    const c = await compileMdx(cmd.published.source, { embeds: {} });
    const data = { ...cmd.published, status: 'published', publishedAt: new Date(Date.now() - 60_000), compiledCode: c.code, toc: JSON.stringify(c.toc), embeds: JSON.stringify(c.embeds), searchText: c.searchText.toLowerCase(), excerpt: c.firstParagraph };
    out.id = (await db.post.create({ data })).id;
  }
} finally {
  await db.$disconnect();
}
console.log(JSON.stringify(out));
