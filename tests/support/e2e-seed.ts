// Adds to the e2e server's database a published post that never compiled (loadcontent refuses such a file,
// but loaddata or an admin save can leave one): readers must never meet it in a list, count, feed or link.
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';

export const UNCOMPILED = { slug: 'e2e-uncompiled', title: 'E2E 컴파일 안 된 글' };

async function main() {
  const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
  try {
    const python = await db.category.findUniqueOrThrow({ where: { slug: 'python' } });
    await db.post.create({
      data: {
        ...UNCOMPILED,
        excerpt: '이 글의 원본은 컴파일되지 않습니다.',
        source: '본문\n\n<Nope />\n',
        compileError: 'line 3: <Nope /> is not a registered embed',
        status: 'published',
        // Between the two e2e posts of the second home page, so a neighbour link that lets it through shows.
        publishedAt: new Date('2018-04-15T10:00:00+09:00'),
        categoryId: python.id,
        tags: { connect: [{ slug: 'python' }] },
      },
    });
  } finally {
    await db.$disconnect();
  }
}

await main();
