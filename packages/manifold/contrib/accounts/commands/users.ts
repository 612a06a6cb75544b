// createsuperuser and changepassword (Django's contrib.auth commands) for the accounts app's User model.
import { z } from 'zod';
import { CommandError, defineCommand, type CommandContext } from '../../../lib/app';
import { askPassword, askText, isUniqueViolation, requireInteractive, withDb } from '../../../lib/manage/support';
import { settings } from '../../../lib/settings';
import type { Db } from '../../../lib/db';
// The accounts app's hashing (argon2id), so a password set here verifies at sign-in.
import { hashPassword, normalizeEmail, passwordProblem } from '../passwords';

function emailProblem(email: string): string | null {
  return z.email().safeParse(email).success ? null : `"${email}" is not a valid email address.`;
}

function userModel(db: Db) {
  const user = (db as unknown as Record<string, unknown>).user as Db['user'] | undefined;
  if (!user) throw new CommandError('There is no User model: install the accounts app in site.config.ts.');
  return user;
}

async function promptNewPassword(ctx: CommandContext, email: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await askPassword('Password:');
    const second = await askPassword('Password (again):');
    if (first !== second) {
      ctx.err("Error: Your passwords didn't match.");
      continue;
    }
    const problem = passwordProblem(first, email);
    if (problem) {
      ctx.err(`Error: ${problem}`);
      continue;
    }
    return first;
  }
  throw new CommandError('Aborting after 3 attempts; no password was set.');
}

export const createSuperuserCommand = defineCommand({
  description: 'Create a superuser: staff with every permission (asks for email, name and password; or --no-input with MANIFOLD_SUPERUSER_PASSWORD).',
  options: {
    email: { type: 'string', metavar: 'EMAIL', help: 'The new user\'s email (default: MANIFOLD_SUPERUSER_EMAIL, else asked).' },
    name: { type: 'string', metavar: 'NAME', help: 'The display name (default: MANIFOLD_SUPERUSER_NAME, else asked; blank means the email\'s local part).' },
    'no-input': { type: 'boolean', help: 'Ask nothing: the email from --email, the password from MANIFOLD_SUPERUSER_PASSWORD.' },
  },
  epilog: 'Environment: MANIFOLD_SUPERUSER_EMAIL, MANIFOLD_SUPERUSER_NAME, MANIFOLD_SUPERUSER_PASSWORD (see the README settings table).',
  async run(values, ctx) {
    const noInput = values.noInput;
    if (!noInput) requireInteractive(ctx, 'createsuperuser', 'pass --no-input --email E with the password in MANIFOLD_SUPERUSER_PASSWORD');
    return withDb(async (db) => {
      const users = userModel(db);
      const preset = settings().superuser;
      let email = normalizeEmail(values.email ?? preset.email ?? '');
      let name = values.name ?? preset.name;
      let password: string;
      if (noInput) {
        if (!email) throw new CommandError('--email is required with --no-input (or set MANIFOLD_SUPERUSER_EMAIL).', 2);
        const problem = emailProblem(email);
        if (problem) throw new CommandError(problem);
        if (await users.findUnique({ where: { email } })) throw new CommandError(`A user with email ${email} already exists.`);
        password = preset.password ?? '';
        if (!password) throw new CommandError('Set MANIFOLD_SUPERUSER_PASSWORD to the new password when using --no-input.');
        const weak = passwordProblem(password, email);
        if (weak) throw new CommandError(`MANIFOLD_SUPERUSER_PASSWORD: ${weak}`);
      } else {
        if (email) {
          const problem = emailProblem(email);
          if (problem) throw new CommandError(problem);
          if (await users.findUnique({ where: { email } })) throw new CommandError(`A user with email ${email} already exists.`);
        } else {
          for (;;) {
            email = normalizeEmail(await askText('Email address:', { validate: (v) => emailProblem(normalizeEmail(v)) ?? true }));
            if (!(await users.findUnique({ where: { email } }))) break;
            ctx.err(`Error: A user with email ${email} already exists.`);
          }
        }
        name ??= (await askText(`Name (leave blank to use '${email.split('@')[0]}'):`)).trim();
        password = await promptNewPassword(ctx, email);
      }
      name = name?.trim() || email.split('@')[0];
      try {
        await users.create({ data: { email, name, passwordHash: await hashPassword(password), isSuperuser: true, isStaff: true, isActive: true } });
      } catch (err) {
        if (isUniqueViolation(err)) throw new CommandError(`A user with email ${email} already exists.`);
        throw err;
      }
      ctx.out(`Superuser created successfully: ${email} (name "${name}").`);
    });
  },
});

export const changePasswordCommand = defineCommand({
  description: "Change a user's password (asks twice; or --no-input with MANIFOLD_PASSWORD).",
  arguments: [{ name: 'email', help: 'The user whose password changes.' }],
  options: { 'no-input': { type: 'boolean', help: 'Ask nothing: the new password comes from MANIFOLD_PASSWORD.' } },
  epilog: 'Environment: MANIFOLD_PASSWORD (see the README settings table).',
  async run(values, ctx) {
    const email = normalizeEmail(values.email);
    const noInput = values.noInput;
    if (!noInput) requireInteractive(ctx, 'changepassword', 'pass --no-input with the new password in MANIFOLD_PASSWORD');
    return withDb(async (db) => {
      const users = userModel(db);
      const user = await users.findUnique({ where: { email } });
      if (!user) throw new CommandError(`User "${email}" does not exist.`);
      let password: string;
      if (noInput) {
        password = settings().newPassword ?? '';
        if (!password) throw new CommandError('Set MANIFOLD_PASSWORD to the new password when using --no-input.');
        const weak = passwordProblem(password, email);
        if (weak) throw new CommandError(`MANIFOLD_PASSWORD: ${weak}`);
      } else {
        ctx.out(`Changing password for user '${email}'`);
        password = await promptNewPassword(ctx, email);
      }
      await users.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
      // As a password change on the site does: whoever had the old one is signed out at their next request.
      const { count } = await db.session.deleteMany({ where: { userId: user.id } });
      ctx.out(`Password changed successfully for user '${email}'.${count ? ` Ended ${count} session${count === 1 ? '' : 's'}.` : ''}`);
    });
  },
});
