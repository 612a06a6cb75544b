// Liveness, for a process manager or an orchestrator deciding whether to restart this process: it answers as long
// as the process does, and asks nothing of the database (an outage there would otherwise get healthy processes
// restarted, all at once). Whether the process should get traffic (database, migrations, Redis, apps) is readiness:
// /api/ready, lib/readiness.ts.
import 'server-only';
import { dbProvider } from './db';

export function checkHealth() {
  return { ok: true as const, database: dbProvider() };
}
