// Helpers the core commands share: the database client (loaded only by commands that need it, so `manage help`
// and startapp work before `npm install` has generated a client) and prompts that refuse to hang without a terminal.
import path from 'node:path';
import { CommandError, type CommandContext } from '../app';
import type { Db } from '../db';
import { projectRoot } from '../schema';

/** Runs `work` with the project's client and always disconnects, so the process can exit. */
export async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const { getDb } = await import('../db');
  const db = getDb();
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** A path as the user would type it: relative to the project when inside it. */
export function shown(file: string, root = projectRoot): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function requireInteractive(ctx: CommandContext, what: string, noInputHint: string) {
  if (!ctx.interactive) throw new CommandError(`${what} needs a terminal to ask; ${noInputHint}`);
}

/** Asks a yes/no question (default no). */
export async function askYesNo(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false });
}

export async function askText(message: string, opts: { default?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({ message, default: opts.default, validate: opts.validate });
}

export async function askPassword(message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: '*' });
}

/** Prisma's unique-constraint failure, whatever the adapter. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'P2002';
}
