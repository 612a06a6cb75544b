// Test-only helper for byo-embed.spec.ts, run as a child process (tsx) against the e2e server's database: a published
// post whose body embeds <ModelDemo />, compiled by the real compiler (its props checked by a schema of the same shape
// as the ml app's; the server checks them again against the real one when it renders), and cleanup by title prefix.
import { z } from 'zod';
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';
import { compileMdx } from 'manifold/mdx/compile';

const cmd = JSON.parse(process.argv[2] ?? '{}') as {
  published?: { title: string; slug: string; source: string };
  cleanup?: { titlePrefix: string };
};
const ModelDemo = z.object({ model: z.string(), version: z.number().int().min(1).optional(), height: z.number().int().optional() }).strict();
const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
const out: Record<string, unknown> = {};
try {
  if (cmd.cleanup) out.posts = (await db.post.deleteMany({ where: { title: { startsWith: cmd.cleanup.titlePrefix } } })).count;
  if (cmd.published) {
    const c = await compileMdx(cmd.published.source, { embeds: { ModelDemo } as never });
    const data = { ...cmd.published, status: 'published', publishedAt: new Date(Date.now() - 60_000), compiledCode: c.code, toc: JSON.stringify(c.toc), embeds: JSON.stringify(c.embeds), searchText: c.searchText.toLowerCase(), excerpt: c.firstParagraph };
    out.id = (await db.post.create({ data })).id;
  }
} finally {
  await db.$disconnect();
}
console.log(JSON.stringify(out));
