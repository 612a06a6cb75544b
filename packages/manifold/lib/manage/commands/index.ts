// The core commands, in the order `manage help` lists them: project and apps, migrations, data, tools (createsuperuser and changepassword are the accounts app's).
import type { Command } from '../../app';
import { startProjectCommand } from './startproject';
import { startAppCommand } from './startapp';
import { checkCommand } from './check';
import { makeMigrationsCommand } from './makemigrations';
import { migrateCommand } from './migrate';
import { showMigrationsCommand } from './showmigrations';
import { sqlMigrateCommand } from './sqlmigrate';
import { dumpDataCommand, loadDataCommand, flushCommand } from './fixtures';
import { backupCommand } from './backup';
import { syncCommand } from './sync';
import { shellCommand } from './shell';
import { runServerCommand } from './runserver';
import { versionCommand } from './version';

export const coreCommands: Record<string, Command> = {
  startproject: startProjectCommand,
  startapp: startAppCommand,
  check: checkCommand,
  sync: syncCommand,
  makemigrations: makeMigrationsCommand,
  migrate: migrateCommand,
  showmigrations: showMigrationsCommand,
  sqlmigrate: sqlMigrateCommand,
  dumpdata: dumpDataCommand,
  loaddata: loadDataCommand,
  flush: flushCommand,
  backup: backupCommand,
  shell: shellCommand,
  runserver: runServerCommand,
  version: versionCommand,
};
