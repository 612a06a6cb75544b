// Commands declare their options (Django's add_arguments): the runner parses argv against the declaration, prints
// --help from it and refuses what is not declared — for every command, core and apps'.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineCommand, type Command } from '../../app';
import { installedAppFolders } from '../../registry/generate';
import { commandHelp, parseCommandLine } from '../args';
import { coreCommands } from '../commands';
import { runManage } from '..';
import { manage, repoRoot } from './support';

/** runManage in this process, with what it prints captured. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runManage(argv, { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Every command by the name people type: core ones, and `<app> <command>` from each installed app's commands/. */
async function everyCommand(): Promise<[string, Command][]> {
  const all: [string, Command][] = Object.entries(coreCommands);
  for (const { label, dir } of installedAppFolders(repoRoot)) {
    const file = path.join(dir, 'commands', 'index.ts');
    if (!fs.existsSync(file)) continue;
    const mod = (await import(/* @vite-ignore */ file)) as { default: Record<string, Command> };
    for (const [name, cmd] of Object.entries(mod.default)) all.push([`${label} ${name}`, cmd]);
  }
  return all;
}

const commands = await everyCommand();

describe('every command declares its options', () => {
  it('finds the core and app commands (train and the blog commands among them)', () => {
    const names = commands.map(([n]) => n);
    for (const n of ['check', 'loaddata', 'dumpdata', 'sync', 'blog loadcontent', 'blog dumpcontent', 'blog checkcontent', 'ml train', 'blog publish-scheduled', 'blog recompile']) expect(names).toContain(n);
  });

  it.each(commands)('%s --help is generated from the declaration: usage, description, every option and argument', async (name, cmd) => {
    const r = await run([...name.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(commandHelp(cmd, name));
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: manage ${name}( |$)`));
    expect(r.stdout).toContain(cmd.description);
    for (const [option, spec] of Object.entries(cmd.options ?? {})) {
      expect(r.stdout).toContain(`--${option}`);
      if (spec.short) expect(r.stdout).toContain(`-${spec.short}`);
      expect(r.stdout).toContain(spec.help);
      if (spec.type !== 'boolean' && spec.default !== undefined) expect(r.stdout).toContain(`default: ${spec.default}`);
    }
    for (const arg of cmd.arguments ?? []) expect(r.stdout).toContain(arg.metavar ?? arg.name);
    expect(r.stdout).toContain('-h, --help');
  });

  it.each(commands)('%s refuses an undeclared option with one line and exit 2, before doing anything', async (name) => {
    const r = await run([...name.split(' '), '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Error: Unknown option '--no-such-option'. Run \`manage ${name} --help\` for the options.`);
  });

  it('`manage help` lists every command, and `help <command>` is its --help', async () => {
    const r = await run(['help']);
    expect(r.code).toBe(0);
    for (const [name, cmd] of commands) expect(r.stdout).toMatch(new RegExp(`^  ${name} +${cmd.description.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    expect((await run(['help', 'dumpdata'])).stdout).toBe(commandHelp(coreCommands.dumpdata, 'dumpdata'));
    const blog = commands.find(([n]) => n === 'blog publish-scheduled')![1];
    expect((await run(['help', 'blog', 'publish-scheduled'])).stdout).toBe(commandHelp(blog, 'blog publish-scheduled'));
  });
});

describe('values are checked against their declared type', () => {
  it.each([
    [['dumpdata', '--indent', 'two'], 'Error: --indent expects a whole number from 0 to 10; got "two"'],
    [['dumpdata', '--indent', '11'], 'Error: --indent expects a whole number from 0 to 10; got "11"'],
    [['loaddata', 'x.json', '-v', '9'], 'Error: -v expects 0, 1, 2 or 3; got "9"'],
    [['loaddata', 'x.json', '--verbosity', 'loud'], 'Error: --verbosity expects 0, 1, 2 or 3; got "loud"'],
    [['check', '--fail-level', 'LOUD'], 'Error: --fail-level expects ERROR, WARNING or INFO; got "LOUD"'],
    [['sqlmigrate', 'initial', '--provider', 'mysql'], 'Error: --provider expects sqlite or postgresql; got "mysql"'],
    [['ml', 'train', 'dcgan', '--seed', '1.5'], 'Error: --seed expects a whole number ≥ 0; got "1.5"'],
    [['ml', 'train', 'dcgan', '--backend', 'gpu'], 'Error: --backend expects wasm or cpu; got "gpu"'],
    [['check', '--database=yes'], "Error: Option '--database' does not take an argument. Run `manage check --help` for the options."],
    [['dumpdata', '--output'], "Error: Option '-o, --output <value>' argument missing. Run `manage dumpdata --help` for the options."],
    [['check', 'extra'], 'Error: check takes no arguments, only options; got "extra"'],
    [['dumpcontent'], 'Error: dumpcontent needs <dir>; usage: manage dumpcontent <dir>'],
    [['ml', 'train'], 'Error: ml train needs model [model …]; usage: manage ml train [options] model [model …]'],
    [['sqlmigrate', 'a', 'b'], 'Error: sqlmigrate takes at most 1 argument(s) (manage sqlmigrate [options] <name>); got "b"'],
  ])('%j → exit 2, one line', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(message);
  });

  it('the real CLI prints one line on stderr and exits 2', async () => {
    const r = await manage(['showmigrations', '--all-provider']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("Error: Unknown option '--all-provider'. Run `manage showmigrations --help` for the options.\n");
  });
});

describe('train through the runner', () => {
  it('takes its declared options: the seed, the output folder and the backend reach the trained files', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-train-'));
    try {
      const r = await run(['ml', 'train', 'convolution', 'gradient-descent', '--seed', '3', '--out', out, '--backend', 'cpu']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(/^Training convolution, gradient-descent \(seed 3, tfjs [\d.]+, cpu backend\)$/);
      for (const name of ['convolution', 'gradient-descent']) {
        const meta = JSON.parse(fs.readFileSync(path.join(out, name, 'meta.json'), 'utf8'));
        expect(meta).toMatchObject({ name, seed: 3, backend: 'cpu' });
        expect(fs.existsSync(path.join(out, name, 'preview.json'))).toBe(true);
      }
      const unknown = await run(['ml', 'train', 'convolutio', '--out', out]);
      expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/^Error: No model named "convolutio"\. The models are: .*convolution/)]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('parseCommandLine', () => {
  const cmd = defineCommand({
    description: 'A test command.',
    arguments: [{ name: 'first-file', help: 'one' }, { name: 'rest', variadic: true, optional: true, help: 'more' }],
    options: {
      'dry-run': { type: 'boolean', help: 'b' },
      level: { type: 'string', choices: ['low', 'high'], default: 'low', help: 'c' },
      count: { type: 'integer', short: 'n', min: 1, help: 'n' },
      tag: { type: 'string', multiple: true, help: 't' },
      name: { type: 'string', required: true, help: 'r' },
    },
    async run(o) {
      // The parsed options are typed from the declaration.
      const dry: boolean = o.dryRun;
      const level: 'low' | 'high' = o.level;
      const count: number | undefined = o.count;
      const tags: string[] = o.tag;
      const name: string = o.name;
      const first: string = o.firstFile;
      const rest: string[] = o.rest;
      // @ts-expect-error a number is never a string
      const wrong: string = o.count;
      return [dry, level, count, tags, name, first, rest, wrong].length;
    },
  });

  it('gives typed values by camelCased name, defaults for what is absent, and the positionals by name', () => {
    expect(parseCommandLine(cmd, ['a.txt', '--name', 'x', '-n', '3', '--tag', 'p', '--tag', 'q', '--level', 'HIGH', 'b', 'c'], 't')).toEqual({
      dryRun: false, level: 'high', count: 3, tag: ['p', 'q'], name: 'x', firstFile: 'a.txt', rest: ['b', 'c'],
    });
    expect(parseCommandLine(cmd, ['--name=y', '--dry-run', '--', '--not-an-option'], 't')).toEqual({
      dryRun: true, level: 'low', count: undefined, tag: [], name: 'y', firstFile: '--not-an-option', rest: [],
    });
  });

  it('refuses a missing required option and a value out of range', () => {
    expect(() => parseCommandLine(cmd, ['a'], 't')).toThrow('--name is required; see `manage t --help`');
    expect(() => parseCommandLine(cmd, ['a', '--name', 'x', '--count', '0'], 't')).toThrow('--count expects a whole number ≥ 1; got "0"');
  });

  it('prints required, repeatable and default in --help', () => {
    const help = commandHelp(cmd, 't');
    expect(help.split('\n')[0]).toBe('Usage: manage t [options] <first-file> [rest …]');
    expect(help).toMatch(/--level low\|high +c \(default: low\)/);
    expect(help).toMatch(/-n N, --count N +n/);
    expect(help).toMatch(/--tag VALUE +t \(repeatable\)/);
    expect(help).toMatch(/--name VALUE +r \(required\)/);
  });
});
