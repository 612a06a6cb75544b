// The core commands, in the order `manage help` lists them.
import type { Command } from '../../app';
import { migrateCommand } from './migrate';
import { loadContentCommand } from './loadcontent';

export const coreCommands: Record<string, Command> = {
  migrate: migrateCommand,
  loadcontent: loadContentCommand,
};
