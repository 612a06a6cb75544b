// Says once, before any test runs, when the PostgreSQL the data-layer tests use is not reachable. It does not stop
// the run: tests that need no PostgreSQL (most of an app's, `npx vitest run apps/blog/tests/visibility.test.ts`)
// still run, and each test that does need it fails with the same one line (createTestDatabase).
import { postgresProblem, testPostgresAdminUrl } from './databases';

export default async function setup() {
  const problem = await postgresProblem();
  if (problem) process.stderr.write(`Note: PostgreSQL is not reachable at ${testPostgresAdminUrl()} (${problem}); tests that need it will fail. Start it or set TEST_POSTGRES_URL.\n`);
}
