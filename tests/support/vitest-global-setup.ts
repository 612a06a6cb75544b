// Makes sure the PostgreSQL the data-layer tests use is reachable before any test runs, with one clear message if not.
import pg from 'pg';
import { testPostgresAdminUrl } from './databases';

export default async function setup() {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl() });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${testPostgresAdminUrl()} (${(err as Error).message}). Start it or set TEST_POSTGRES_URL.`);
  } finally {
    await client.end().catch(() => {});
  }
}
