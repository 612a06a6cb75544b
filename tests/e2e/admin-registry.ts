// Prints the admin's registry as the e2e permission matrix needs it: every registered model's URL slug, its
// permission names, the id of one of its rows in the e2e server's database, and whether the admin adds rows of it. Run as a child process (tsx).
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';
import { adminSite, setAdminDatabase } from 'manifold/admin/core';

const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
setAdminDatabase(db);
try {
  const models = [];
  for (const ma of (await adminSite()).models) {
    const delegate = (db as unknown as Record<string, { findFirst(a: object): Promise<Record<string, unknown> | null> }>)[ma.model[0].toLowerCase() + ma.model.slice(1)];
    const row = await delegate.findFirst({ orderBy: { [ma.pk.name]: 'asc' } });
    models.push({ slug: ma.slug, perms: ma.perms, id: row ? String(row[ma.pk.name]) : null, addable: ma.admin.addable !== false });
  }
  console.log(JSON.stringify(models));
} finally {
  await db.$disconnect();
}
