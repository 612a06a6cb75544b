// `manage runserver [[addr:]port]`: migrate, then Next's development server (Django's runserver).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CommandError, defineCommand } from '../../app';
import { migrate } from '../../migrations';
import { projectRoot } from '../../schema';
import { settings } from '../../settings';
import { withDb } from '../support';
import { runPostMigrate } from '../post-migrate';

export function parseAddress(arg: string | undefined, defaultPort: number): { host?: string; port: number } {
  if (!arg) return { port: defaultPort };
  const m = arg.match(/^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new CommandError(`"${arg}" is not a port number or address:port (e.g. 8000 or 0.0.0.0:8000).`, 2);
  return { host: m[1]?.replace(/^\[|\]$/g, ''), port };
}

export const runServerCommand = defineCommand({
  description: 'Apply pending migrations, then run the development server (next dev) on PORT or the given [addr:]port.',
  arguments: [{ name: 'addrport', metavar: '[addr:]port', optional: true, help: 'Where to listen, e.g. 8000 or 0.0.0.0:8000 (default: PORT, 3000).' }],
  options: { 'no-migrate': { type: 'boolean', help: 'Start without applying pending migrations.' } },
  async run(options, ctx) {
    const { host, port } = parseAddress(options.addrport, settings().port);
    if (!options.noMigrate) {
      const applied = await migrate(settings().database, projectRoot);
      for (const name of applied) ctx.out(`  Applying ${name}... OK`);
      await withDb((db) => runPostMigrate(db, ctx.out));
    }
    ctx.out(`Starting development server at http://${host ?? 'localhost'}:${port}/ (Ctrl-C to quit)`);
    const nextArgs = ['dev', '-p', String(port), ...(host ? ['-H', host] : [])];
    const child = spawn(path.join(projectRoot, 'node_modules', '.bin', 'next'), nextArgs, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, PORT: String(port) } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return new Promise<number>((resolve, reject) => {
      child.on('error', (err) => reject(new CommandError(`cannot start next dev: ${err.message}`)));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1)));
    });
  },
});
