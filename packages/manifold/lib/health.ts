// Liveness and database reachability, for load balancers and the e2e harness.
import 'server-only';
import { db, dbProvider } from './db';

export async function checkHealth() {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return { ok: true, database: dbProvider() };
  } catch (err) {
    return { ok: false, database: dbProvider(), error: (err as Error).message.split('\n')[0] };
  }
}
