// What the admin does around a User save: a password is only ever set through the "set password" field (hashed
// here; a raw passwordHash from a form is dropped), and a deactivated user or one with a new password is signed out.
import { AdminValidationError, type AdminModelHooks } from '../../lib/app';
import { db } from '../../lib/db';
import { hashPassword, normalizeEmail, passwordProblem } from './passwords';
import { endUserSessions } from './sessions';

const userHooks: AdminModelHooks = {
  async beforeSave({ data, existing, db: given }) {
    const next: Record<string, unknown> = { ...data };
    // Never from a form: a crafted field must not set a hash someone knows the password of.
    delete next.passwordHash;
    delete next.role;
    const password = typeof next.password === 'string' ? next.password : '';
    delete next.password;
    if (typeof next.email === 'string') next.email = normalizeEmail(next.email);
    if (password) {
      const email = typeof next.email === 'string' ? next.email : String(existing?.email ?? '');
      const problem = passwordProblem(password, email);
      if (problem) throw new AdminValidationError([{ field: 'password', message: problem }]);
      next.passwordHash = await hashPassword(password);
      next.passwordChangedAt = new Date();
      // Whoever knew the old password is out at their next request (done before the write: at worst they sign in again).
      if (existing && typeof existing.id === 'number') await endUserSessions(given ?? db, existing.id);
    }
    return next;
  },
  async afterSave({ object, db: given }) {
    if (object.isActive === false && typeof object.id === 'number') await endUserSessions(given ?? db, object.id);
  },
};

const hooks: Partial<Record<string, AdminModelHooks>> = { User: userHooks };
export default hooks;
