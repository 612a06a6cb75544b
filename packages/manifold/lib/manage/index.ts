// The manage command runner: core commands plus every installed app's commands (`manage <app> <command>`).
import { CommandError, type Command, type CommandContext } from '../app';
import { projectRoot } from '../schema';
import { cliSettings, SettingsError } from '../settings';
import { databaseUnavailable } from '../db-errors.mjs';
import { MigrationLockedError } from '../migrations';
import { coreCommands } from './commands';
import { commandHelp, runCommand } from './args';

export function consoleContext(): CommandContext {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    interactive: Boolean(process.stdin.isTTY) && !cliSettings().ci,
  };
}

/**
 * The installed apps' commands, from the generated server registry. The registry is regenerated first when it no
 * longer matches site.config.ts and apps/ (an app added by hand, a checkout of another branch); when it cannot be
 * generated the command stops with the reason.
 */
async function appCommands(command: string | undefined): Promise<Map<string, Record<string, Command>>> {
  const { staleRegistryFiles, syncRegistry } = await import('../registry/generate');
  // `sync` regenerates the registry itself and says what it wrote; `check` reports a stale registry (apps.E009) rather
  // than have it fixed behind its back; `version` must answer even in a broken project or outside one (bug reports),
  // and `startproject` runs where there is no project yet.
  if (command === 'sync' || command === 'check' || command === 'version' || command === 'startproject') return new Map();
  try {
    if ((await staleRegistryFiles(projectRoot)).length) await syncRegistry(projectRoot);
  } catch (err) {
    throw new CommandError(`${(err as Error).message} (fix it, then run \`npm run manage -- check\`)`);
  }
  const { serverApps } = await import('@site/.manifold/registry.server');
  const byApp = new Map<string, Record<string, Command>>();
  for (const { label, server } of serverApps) {
    if (server.commands) byApp.set(label, (await server.commands()).default);
  }
  return byApp;
}

function helpText(apps: Map<string, Record<string, Command>>): string {
  const lines = ['Usage: npm run manage -- <command> [options]', '', 'Commands:'];
  const appNames = [...apps].flatMap(([label, cmds]) => Object.keys(cmds).map((n) => `${label} ${n}`));
  const width = Math.max(...Object.keys(coreCommands).map((n) => n.length), ...appNames.map((n) => n.length)) + 2;
  for (const [name, cmd] of Object.entries(coreCommands)) lines.push(`  ${name.padEnd(width)}${cmd.description}`);
  for (const [label, cmds] of apps) {
    lines.push('', `[${label}]`);
    for (const [name, cmd] of Object.entries(cmds)) lines.push(`  ${`${label} ${name}`.padEnd(width)}${cmd.description}`);
  }
  lines.push('', 'Run `npm run manage -- <command> --help` for a command\'s options.');
  return lines.join('\n');
}

export async function runManage(argv: string[], ctx: CommandContext = consoleContext()): Promise<number> {
  try {
    const [name, ...rest] = argv;
    const apps = await appCommands(name);
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const topic = rest[0];
      // `help <command>`, `help <app> <command>` or `help <app command>`: that command's --help.
      const sub = topic && apps.get(topic)?.[rest[1]];
      const grouped = topic && rest[1] ? `${topic} ${rest[1]}` : '';
      const inGroup = grouped ? [...apps.values()].find((cmds) => grouped in cmds)?.[grouped] : undefined;
      const cmd = topic ? (coreCommands[topic] ?? sub ?? inGroup ?? [...apps.values()].find((cmds) => topic in cmds)?.[topic]) : undefined;
      ctx.out(cmd ? commandHelp(cmd, sub ? `${topic} ${rest[1]}` : inGroup ? grouped : topic) : helpText(apps));
      return 0;
    }
    let command: Command | undefined = coreCommands[name];
    let args = rest;
    let fullName = name;
    if (!command && apps.has(name)) {
      const sub = rest[0];
      command = sub ? apps.get(name)![sub] : undefined;
      args = rest.slice(1);
      fullName = `${name} ${sub ?? ''}`.trim();
      // A command of a group (`blog import wordpress`): the app declares it under the two words.
      if (!command && sub && rest[1] && apps.get(name)![`${sub} ${rest[1]}`]) {
        command = apps.get(name)![`${sub} ${rest[1]}`];
        args = rest.slice(2);
        fullName = `${name} ${sub} ${rest[1]}`;
      }
      if (!command) {
        throw new CommandError(`Unknown command "${fullName}". ${name} has: ${Object.keys(apps.get(name)!).join(', ')}`, 2);
      }
    }
    if (!command) {
      // An app command whose name no core command or app label takes may be called bare (`manage train`).
      const owners = [...apps].filter(([, cmds]) => name in cmds);
      if (owners.length > 1) {
        throw new CommandError(`"${name}" is a command of several apps (${owners.map(([l]) => l).join(', ')}); say which: manage <app> ${name}`, 2);
      }
      if (owners.length === 1) command = owners[0][1][name];
    }
    if (!command && rest[0]) {
      // A group's command called bare (`manage import wordpress`, `manage redirects add`): declared as "import wordpress".
      const grouped = `${name} ${rest[0]}`;
      const owners = [...apps].filter(([, cmds]) => grouped in cmds);
      if (owners.length === 1) {
        command = owners[0][1][grouped];
        args = rest.slice(1);
        fullName = grouped;
      }
    }
    if (!command) {
      const members = [...apps.values()].flatMap((cmds) => Object.keys(cmds).filter((k) => k.startsWith(`${name} `)));
      if (members.length) throw new CommandError(`"${name}" needs a subcommand: ${members.map((m) => m.slice(name.length + 1)).join(', ')}`, 2);
    }
    if (!command) throw new CommandError(`Unknown command "${name}". Run \`npm run manage -- help\` for the list.`, 2);
    // --help, or argv parsed against the command's declared options (lib/manage/args.ts), then run.
    return await runCommand(command, fullName, args, ctx);
  } catch (err) {
    if (err instanceof CommandError) {
      ctx.err(`Error: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof SettingsError) {
      ctx.err(`Configuration error: ${err.message}`);
      return 1;
    }
    const e = err as Error & { code?: string };
    const first = e.message?.split('\n').find((l) => l.trim()) ?? String(err);
    // A database locked by another process past the wait, or a server that is down: one line that says so, whatever
    // the driver's own words (MigrationLockedError's message already does).
    if (databaseUnavailable(err) && !(err instanceof MigrationLockedError)) {
      ctx.err(`Error: The database is busy or out of reach (locked by another process, such as a running server or another manage command, past the wait; or its server is down). Try again in a moment. (${first.slice(0, 300)})`);
    } else ctx.err(`Error: ${first}`);
    if (cliSettings().debug) ctx.err(e.stack ?? '');
    return 1;
  }
}
