// Test-only cleanup for comments.spec.ts, run as a child process (tsx) against the e2e server's database: removes the
// comments the spec wrote (their names start with "E2E"), so specs that follow see the sample site as it was.
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';

const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
try {
  const { count } = await db.comment.deleteMany({ where: { name: { startsWith: 'E2E' } } });
  process.stdout.write(`${JSON.stringify({ deleted: count })}\n`);
} finally {
  await db.$disconnect();
}
