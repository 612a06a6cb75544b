// Which database the admin works on: the site's (lib/db) unless a test or script points it at another client.
import { getDb, type Db } from '../../../lib/db';

let override: Db | null = null;

/** Points the admin at `db` (tests, the bench, scripts); null returns to the site's database. */
export function setAdminDatabase(db: Db | null): void {
  override = db;
}

export function adminDb(): Db {
  return override ?? getDb();
}

/** The provider of the database in use (case-insensitive search differs between them). */
export function adminProvider(): 'sqlite' | 'postgresql' {
  const internals = adminDb() as unknown as { _engineConfig?: { activeProvider?: string }; _activeProvider?: string };
  const p = internals._engineConfig?.activeProvider ?? internals._activeProvider ?? 'sqlite';
  return p === 'postgresql' || p === 'postgres' ? 'postgresql' : 'sqlite';
}
