// `manage runserver [[addr:]port]`: migrate, then Next's development server (Django's runserver).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CommandError, type Command } from '../../app';
import { parseCommandArgs } from '../args';
import { migrate } from '../../migrations';
import { projectRoot } from '../../schema';
import { settings } from '../../settings';

export function parseAddress(arg: string | undefined, defaultPort: number): { host?: string; port: number } {
  if (!arg) return { port: defaultPort };
  const m = arg.match(/^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new CommandError(`"${arg}" is not a port number or address:port (e.g. 8000 or 0.0.0.0:8000).`, 2);
  return { host: m[1]?.replace(/^\[|\]$/g, ''), port };
}

export const runServerCommand: Command = {
  description: 'Apply pending migrations, then run the development server (next dev) on PORT or the given [addr:]port.',
  usage: '[[addr:]port] [--no-migrate]',
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { 'no-migrate': { type: 'boolean' } });
    if (positionals.length > 1) throw new CommandError('Usage: manage runserver [[addr:]port]', 2);
    const { host, port } = parseAddress(positionals[0], settings().port);
    if (!values['no-migrate']) {
      const applied = await migrate(settings().database, projectRoot);
      for (const name of applied) ctx.out(`  Applying ${name}... OK`);
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
};
