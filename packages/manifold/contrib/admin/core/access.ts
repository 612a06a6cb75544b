// Permission checks for the admin: which of view/add/change/delete a user holds on a model, whole or only their
// own rows (ModelAdmin.ownerField), and the refusal every admin function throws.
import { hasPerm, PermissionDenied } from '../../accounts/auth';
import type { AdminModel, AdminUser, ModelAccess } from './types';

// The one permission check and the one refusal are accounts' (manifold/accounts/auth): callers catch its class.
export { hasPerm, PermissionDenied };

function ownPerm(perm: string): string {
  return perm.replace(/\.(view|add|change|delete)_/, '.$1_own_');
}

/** Holds `perm` on the whole model, or (when the model has an owner field) on their own rows. */
function holdsOwn(user: AdminUser, ma: AdminModel, perm: string): boolean {
  return ma.owner !== null && user.permissions.has(ownPerm(perm));
}

export function modelAccess(user: AdminUser | null, ma: AdminModel): ModelAccess {
  if (!user || !user.isActive || !user.isStaff) return { view: false, add: false, change: false, delete: false, ownOnly: false };
  const full = (p: string) => hasPerm(user, p);
  const any = (p: string) => full(p) || holdsOwn(user, ma, p);
  const change = any(ma.perms.change);
  // Django: change implies view. An Author with change_own_post sees their posts without view_own_post.
  const view = any(ma.perms.view) || change;
  const ownOnly = view && !full(ma.perms.view) && !full(ma.perms.change);
  return { view, add: ma.admin?.addable !== false && full(ma.perms.add), change, delete: any(ma.perms.delete), ownOnly };
}

/** Refuses anyone who is not active staff (the admin's door). */
export function requireStaff(user: AdminUser | null): asserts user is AdminUser {
  if (!user || !user.isActive || !user.isStaff) throw new PermissionDenied('Only active staff may use the admin.');
}

/** Refuses unless the user holds `action` on the model (whole, or own rows when `ownRowsCount`). */
export function requireAccess(user: AdminUser | null, ma: AdminModel, action: keyof Omit<ModelAccess, 'ownOnly'>): ModelAccess {
  requireStaff(user);
  const access = modelAccess(user, ma);
  if (!access[action]) throw new PermissionDenied(`You may not ${action} ${ma.verboseNamePlural}.`);
  return access;
}

/** Whether the user may `action` (view/change/delete) this row: the whole-model permission, or own and theirs. */
export function mayOnRow(user: AdminUser, ma: AdminModel, action: 'view' | 'change' | 'delete', row: Record<string, unknown>): boolean {
  const ownerId = ma.owner ? ((row[ma.owner.column] as number | null | undefined) ?? null) : null;
  const perm = ma.perms[action];
  if (hasPerm(user, perm, ma.owner ? { ownerId } : undefined)) return true;
  // change implies view (Django), for whole-model and own rows alike.
  return action === 'view' && hasPerm(user, ma.perms.change, ma.owner ? { ownerId } : undefined);
}

/** The where clause limiting an owner-limited user's rows to theirs (empty for everyone else). */
export function ownerWhere(user: AdminUser, ma: AdminModel, access: ModelAccess): Record<string, unknown> {
  return access.ownOnly && ma.owner ? { [ma.owner.column]: user.id } : {};
}
