// A command's declared options and arguments → node's own parseArgs (no hand-written tokenizer), typed values,
// one-line errors (exit 2) and the --help text. Declarations live in each command (lib/app.ts: Command).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError, type ArgumentSpec, type Command, type CommandContext, type OptionSpec } from '../app';

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** "a", "a or b", "a, b or c": how an error lists the accepted values. */
function either(values: readonly (string | number)[]): string {
  const items = values.map(String);
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function valueName(spec: OptionSpec): string {
  if (spec.type === 'boolean') return '';
  if (spec.metavar) return spec.metavar;
  if (spec.choices) return spec.choices.join('|');
  return spec.type === 'integer' ? 'N' : 'VALUE';
}

function argumentName(spec: ArgumentSpec): string {
  const name = spec.metavar ?? spec.name;
  const optional = spec.optional || spec.default !== undefined;
  if (spec.variadic) return optional ? `[${name} …]` : `${name} [${name} …]`;
  return optional ? `[${name}]` : `<${name}>`;
}

/** The usage line: `manage <name> [options] <arg> [more …]`. */
export function commandUsage(command: Command, name: string): string {
  const opts = Object.keys(command.options ?? {}).length ? ' [options]' : '';
  const args = (command.arguments ?? []).map(argumentName).join(' ');
  return `manage ${name}${opts}${args ? ` ${args}` : ''}`;
}

function optionLabel(name: string, spec: OptionSpec): string {
  // argparse's style, `-o FILE, --output FILE`, so both spellings show with their value.
  const value = valueName(spec);
  const long = `--${name}${value ? ` ${value}` : ''}`;
  return spec.short ? `-${spec.short}${value ? ` ${value}` : ''}, ${long}` : long;
}

function optionNotes(spec: OptionSpec): string {
  const notes: string[] = [];
  if (spec.type !== 'boolean') {
    if (spec.type === 'integer' && spec.min !== undefined && spec.max !== undefined && !spec.choices) notes.push(`${spec.min}–${spec.max}`);
    if (spec.default !== undefined) notes.push(`default: ${spec.default}`);
    if (spec.required) notes.push('required');
    if (spec.multiple) notes.push('repeatable');
  }
  return notes.length ? ` (${notes.join('; ')})` : '';
}

const COLUMN = 30;
function row(label: string, help: string): string {
  const left = `  ${label}`;
  return left.length + 2 <= COLUMN ? `${left.padEnd(COLUMN)}${help}` : `${left}\n${' '.repeat(COLUMN)}${help}`;
}

/** The --help text, generated from the declaration: usage, description, arguments, options with their defaults. */
export function commandHelp(command: Command, name: string): string {
  const lines = [`Usage: ${commandUsage(command, name)}`, '', command.description];
  const args = command.arguments ?? [];
  if (args.length) {
    lines.push('', 'Arguments:');
    for (const a of args) lines.push(row(a.metavar ?? a.name, `${a.help}${a.default !== undefined ? ` (default: ${a.default})` : ''}`));
  }
  lines.push('', 'Options:');
  for (const [key, spec] of Object.entries(command.options ?? {})) lines.push(row(optionLabel(key, spec), `${spec.help}${optionNotes(spec)}`));
  lines.push(row('-h, --help', 'Show this help and exit.'));
  if (command.epilog) lines.push('', command.epilog);
  return lines.join('\n');
}

/** True when argv asks for help (before a `--`, after which everything is an argument). */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function convert(spec: OptionSpec, raw: string, flag: string): string | number {
  if (spec.type === 'integer') {
    const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : spec.min !== undefined ? ` ≥ ${spec.min}` : '';
    const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (spec.choices) {
      if (!spec.choices.includes(n)) throw new CommandError(`${flag} expects ${either(spec.choices)}; got "${raw}"`, 2);
      return n;
    }
    if (!Number.isSafeInteger(n) || (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
      throw new CommandError(`${flag} expects a whole number${range}; got "${raw}"`, 2);
    }
    return n;
  }
  if (spec.type === 'string' && spec.choices) {
    // Choices match case-insensitively (--fail-level warning) and arrive as declared.
    const hit = spec.choices.find((c) => c === raw) ?? spec.choices.find((c) => c.toLowerCase() === raw.toLowerCase());
    if (hit === undefined) throw new CommandError(`${flag} expects ${either(spec.choices)}; got "${raw}"`, 2);
    return hit;
  }
  return raw;
}

/**
 * Parses argv against a command's declaration: every option by its camelCased name (booleans false, repeatable
 * ones [] when absent), every positional by its name. Anything undeclared or ill-typed is a CommandError (exit 2).
 */
export function parseCommandLine(command: Command, args: string[], name: string): Record<string, unknown> {
  const specs = command.options ?? {};
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [key, spec] of Object.entries(specs)) {
    config[key] = { type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}), ...(spec.type !== 'boolean' && spec.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    // parseArgs explains over several lines; a CLI error is one.
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ').replace(/\.$/, '');
    throw new CommandError(`${message}. Run \`manage ${name} --help\` for the options.`, 2);
  }
  // The spelling the user typed (-v or --verbosity), so an error names what they wrote.
  const typed = new Map<string, string>();
  for (const t of parsed.tokens ?? []) if (t.kind === 'option') typed.set(t.name, t.rawName);
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const flag = typed.get(key) ?? `--${key}`;
    const raw = (parsed.values as Record<string, string | boolean | string[] | undefined>)[key];
    if (spec.type === 'boolean') {
      out[camel(key)] = raw === true;
      continue;
    }
    if (raw === undefined) {
      if (spec.required) throw new CommandError(`${flag} is required; see \`manage ${name} --help\``, 2);
      out[camel(key)] = spec.multiple ? [] : spec.default;
      continue;
    }
    out[camel(key)] = Array.isArray(raw) ? raw.map((r) => convert(spec, r, flag)) : convert(spec, raw as string, flag);
  }
  const positionals = [...parsed.positionals];
  const declared = command.arguments ?? [];
  const required = declared.filter((a) => !a.optional && a.default === undefined).length;
  const max = declared.some((a) => a.variadic) ? Infinity : declared.length;
  if (positionals.length > max) {
    const extra = positionals.slice(max).join(' ');
    throw new CommandError(max === 0 ? `${name} takes no arguments, only options; got "${extra}"` : `${name} takes at most ${max} argument(s) (${commandUsage(command, name)}); got "${extra}"`, 2);
  }
  if (positionals.length < required) {
    throw new CommandError(`${name} needs ${declared.filter((a) => !a.optional && a.default === undefined).map(argumentName).join(' ')}; usage: ${commandUsage(command, name)}`, 2);
  }
  declared.forEach((a, i) => {
    if (a.variadic) out[camel(a.name)] = positionals.slice(i);
    else out[camel(a.name)] = positionals[i] ?? a.default;
  });
  return out;
}

/** What the runner does with a resolved command: --help, or parse then run. Returns the exit code. */
export async function runCommand(command: Command, name: string, args: string[], ctx: CommandContext): Promise<number> {
  if (wantsHelp(args)) {
    ctx.out(commandHelp(command, name));
    return 0;
  }
  const options = parseCommandLine(command, args, name);
  const code = await command.run(options as never, ctx);
  return typeof code === 'number' ? code : 0;
}
