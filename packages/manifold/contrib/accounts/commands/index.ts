// The accounts app's manage commands (Django's contrib.auth ones): `manage createsuperuser` and `manage changepassword`
// (no app prefix needed: no core command or other app takes the names).
import type { Command } from '../../../lib/app';
import { changePasswordCommand, createSuperuserCommand } from './users';

const commands: Record<string, Command> = {
  createsuperuser: createSuperuserCommand,
  changepassword: changePasswordCommand,
};

export default commands;
