// The admin's access rules one by one, without a database: each check must hold on its own, not only because another
// check before it refuses the same user (admin functions call requireStaff and then modelAccess; a bug in either one
// alone must still be caught). Mutation testing found both passing with the other's check removed (issue 17).
import { describe, expect, it } from 'vitest';
import { mayOnRow, modelAccess, ownerWhere, PermissionDenied, requireAccess, requireStaff } from '../core/access';
import type { AdminModel, AdminUser } from '../core/types';

const post = {
  verboseNamePlural: '글',
  owner: { relation: 'author', column: 'authorId' },
  perms: { view: 'blog.view_post', add: 'blog.add_post', change: 'blog.change_post', delete: 'blog.delete_post' },
} as unknown as AdminModel;
const tag = { ...post, verboseNamePlural: '태그', owner: null, perms: { view: 'blog.view_tag', add: 'blog.add_tag', change: 'blog.change_tag', delete: 'blog.delete_tag' } } as unknown as AdminModel;

const user = (over: Partial<AdminUser> & { perms?: string[] } = {}): AdminUser => {
  const { perms = [], ...rest } = over;
  return { id: 7, email: 'a@example.com', name: 'A', isActive: true, isStaff: true, isSuperuser: false, groups: [], permissions: new Set(perms), ...rest };
};
const NONE = { view: false, add: false, change: false, delete: false, ownOnly: false };
const OWN = ['blog.view_own_post', 'blog.change_own_post', 'blog.delete_own_post'];

describe('modelAccess', () => {
  it('gives nothing to no user, to non-staff and to inactive staff, whatever they hold (own-row permissions included)', () => {
    expect(modelAccess(null, post)).toEqual(NONE);
    for (const u of [user({ isStaff: false, perms: [...OWN, 'blog.add_post'] }), user({ isActive: false, perms: OWN }), user({ isActive: false, isSuperuser: true })]) {
      expect(modelAccess(u, post)).toEqual(NONE);
    }
  });

  it('an author with own-row permissions sees, changes and deletes their own rows only, and may not add without add', () => {
    expect(modelAccess(user({ perms: OWN }), post)).toEqual({ view: true, add: false, change: true, delete: true, ownOnly: true });
    // change implies view, and still only their own rows
    expect(modelAccess(user({ perms: ['blog.change_own_post'] }), post)).toEqual({ view: true, add: false, change: true, delete: false, ownOnly: true });
    // own-row permissions mean nothing on a model without an owner field
    expect(modelAccess(user({ perms: ['blog.view_own_tag', 'blog.change_own_tag'] }), tag)).toEqual(NONE);
  });

  it('a whole-model view or change lifts the own-rows limit; either alone is enough', () => {
    expect(modelAccess(user({ perms: [...OWN, 'blog.view_post'] }), post).ownOnly).toBe(false);
    expect(modelAccess(user({ perms: [...OWN, 'blog.change_post'] }), post)).toEqual({ view: true, add: false, change: true, delete: true, ownOnly: false });
    expect(modelAccess(user({ perms: ['blog.view_post'] }), post)).toEqual({ view: true, add: false, change: false, delete: false, ownOnly: false });
    expect(modelAccess(user({ perms: ['blog.add_post'] }), post)).toEqual({ view: false, add: true, change: false, delete: false, ownOnly: false });
    expect(modelAccess(user({ isSuperuser: true }), post)).toEqual({ view: true, add: true, change: true, delete: true, ownOnly: false });
  });
});

describe('requireStaff and requireAccess', () => {
  it('requireStaff refuses no user, inactive staff (even a superuser) and active non-staff, with the reason', () => {
    for (const u of [null, user({ isActive: false, isSuperuser: true }), user({ isStaff: false, isSuperuser: true })]) {
      expect(() => requireStaff(u)).toThrow(new PermissionDenied('Only active staff may use the admin.'));
    }
    expect(() => requireStaff(user())).not.toThrow();
  });

  it('requireAccess names the action and the model it refuses, and answers the access it allowed', () => {
    expect(() => requireAccess(user({ perms: ['blog.view_post'] }), post, 'delete')).toThrow(new PermissionDenied('You may not delete 글.'));
    expect(() => requireAccess(user({ isActive: false, perms: ['blog.view_post'] }), post, 'view')).toThrow('Only active staff may use the admin.');
    expect(requireAccess(user({ perms: OWN }), post, 'change')).toEqual({ view: true, add: false, change: true, delete: true, ownOnly: true });
  });
});

describe('mayOnRow and ownerWhere', () => {
  const mine = { authorId: 7 };
  const theirs = { authorId: 8 };
  const orphan = { authorId: null };

  it('own-row permissions reach the user\'s rows only; change implies view on those rows', () => {
    const author = user({ perms: ['blog.change_own_post'] });
    expect(mayOnRow(author, post, 'view', mine)).toBe(true);
    expect(mayOnRow(author, post, 'change', mine)).toBe(true);
    expect(mayOnRow(author, post, 'view', theirs)).toBe(false);
    expect(mayOnRow(author, post, 'change', theirs)).toBe(false);
    expect(mayOnRow(author, post, 'view', orphan)).toBe(false);
    // change does not imply delete
    expect(mayOnRow(author, post, 'delete', mine)).toBe(false);
    expect(mayOnRow(user({ perms: ['blog.view_own_post'] }), post, 'change', mine)).toBe(false);
  });

  it('whole-model permissions reach every row, and a model without an owner ignores own-row permissions', () => {
    expect(mayOnRow(user({ perms: ['blog.change_post'] }), post, 'view', theirs)).toBe(true);
    expect(mayOnRow(user({ perms: ['blog.delete_post'] }), post, 'delete', theirs)).toBe(true);
    expect(mayOnRow(user({ perms: ['blog.change_own_tag'] }), tag, 'view', { id: 1 })).toBe(false);
    expect(mayOnRow(user({ perms: ['blog.change_tag'] }), tag, 'view', { id: 1 })).toBe(true);
  });

  it('ownerWhere limits an owner-limited user to their rows, and no one else', () => {
    const author = user({ perms: OWN });
    expect(ownerWhere(author, post, modelAccess(author, post))).toEqual({ authorId: 7 });
    const editor = user({ perms: ['blog.view_post', ...OWN] });
    expect(ownerWhere(editor, post, modelAccess(editor, post))).toEqual({});
    expect(ownerWhere(author, tag, { ...NONE, view: true, ownOnly: true })).toEqual({});
  });
});
