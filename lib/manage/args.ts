// Option parsing for manage commands: node's own parseArgs, with errors turned into one-line CommandErrors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError } from '../app';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CommandError((err as Error).message.replace(/\. To specify a positional.*$/s, '.'), 2);
  }
}
