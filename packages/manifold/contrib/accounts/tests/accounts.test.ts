// The accounts app on real SQLite and PostgreSQL: permissions and groups made by post-migrate from the real registry,
// role conversion, hasPerm with object-level checks, database sessions and how they end, sign-in with rate limits
// (memory and Redis), reset tokens and the first-run setup token.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { runPostMigrate } from '../../../lib/manage/post-migrate';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { userFromSessionToken, sessionTokenFrom, routeWithPermission, hasPerm, hasPermForSome, PermissionDenied, NotSignedIn, requirePermission, crossSiteProblem, isSafeNext, needsSetup, type CurrentUser } from '../auth';
import hooks from '../admin-hooks';
import { hashPassword, verifyPassword } from '../passwords';
import { createSignInLimiter } from '../rate-limit';
import { createSession, endSession, loadCurrentUser, sessionId, sessionUser } from '../sessions';
import { authenticate } from '../signin';
import { checkResetToken, createFirstSuperuser, createResetToken, ensureSetupToken, resetPassword, RESET_TOKEN_TTL_MS } from '../tokens';
import { changePasswordCommand } from '../commands/users';
import { loadSettings } from '../../../lib/settings';
import { authSecret } from '../secret';
import { sendResetLink } from '../mail';
import { encode } from 'next-auth/jwt';
import { userForOAuth } from '../nextauth';

// changepassword --no-input reads its password from the settings, loaded once per process.
process.env.MANIFOLD_PASSWORD = 'battery staple 2';

const BLOG_ALL = ['add_category', 'add_importeditem', 'add_legacypath', 'add_post', 'add_postcount', 'add_redirect', 'add_revision', 'add_series', 'add_tag', 'change_category', 'change_importeditem', 'change_legacypath', 'change_own_post', 'change_post', 'change_postcount', 'change_redirect', 'change_revision', 'change_series', 'change_tag', 'delete_category', 'delete_importeditem', 'delete_legacypath', 'delete_own_post', 'delete_post', 'delete_postcount', 'delete_redirect', 'delete_revision', 'delete_series', 'delete_tag', 'publish_post', 'use_code_in_mdx', 'view_category', 'view_importeditem', 'view_legacypath', 'view_own_post', 'view_post', 'view_postcount', 'view_redirect', 'view_revision', 'view_series', 'view_tag'].map((c) => `blog.${c}`);
const MEDIA_ALL = ['add_media', 'change_media', 'delete_media', 'view_media'].map((c) => `media.${c}`);
// The model library (contrib/ml): the Editor may view it (to embed its models); uploading is given by hand.
const ML_ALL = ['mlmodel', 'mlmodelversion'].flatMap((m) => ['add', 'change', 'delete', 'view'].map((a) => `ml.${a}_${m}`));
// Readers' comments (contrib/comments): the Editor moderates them; an Author's account is not given them (a pending
// comment's email is the guest's, not for every writer of the site).
const COMMENTS_ALL = ['add', 'change', 'delete', 'view'].map((a) => `comments.${a}_comment`);
const EDITOR = [...BLOG_ALL, ...COMMENTS_ALL, ...MEDIA_ALL, 'ml.view_mlmodel'];
const AUTHOR = ['blog.add_post', 'blog.add_tag', 'blog.change_own_post', 'blog.delete_own_post', 'blog.view_category', 'blog.view_own_post', 'blog.view_series', 'blog.view_tag', 'media.add_media', 'media.view_media'];

const perms = async (db: Db, where: object = {}) => (await db.permission.findMany({ where, select: { app: true, codename: true } })).map((p) => `${p.app}.${p.codename}`).sort();
const groupPerms = async (db: Db, name: string) => (await db.group.findUniqueOrThrow({ where: { name }, include: { permissions: true } })).permissions.map((p) => `${p.app}.${p.codename}`).sort();

let n = 0;
async function makeUser(db: Db, data: { role?: string; isStaff?: boolean; isSuperuser?: boolean; isActive?: boolean; groups?: string[]; password?: string } = {}) {
  const email = `u${++n}-${crypto.randomBytes(3).toString('hex')}@example.com`;
  return db.user.create({
    data: {
      email,
      name: `user ${n}`,
      role: data.role ?? '',
      isStaff: data.isStaff ?? false,
      isSuperuser: data.isSuperuser ?? false,
      isActive: data.isActive ?? true,
      passwordHash: data.password ? await hashPassword(data.password) : '',
      groups: data.groups ? { connect: data.groups.map((name) => ({ name })) } : undefined,
    },
  });
}

describe.each(PROVIDERS)('accounts on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    // The modules that use the process's client (admin hooks, commands) get this database's.
    (globalThis as { __manifoldDb?: Db }).__manifoldDb = db;
  });
  afterAll(async () => {
    await db?.$disconnect();
    (globalThis as { __manifoldDb?: Db }).__manifoldDb = undefined;
    await database?.drop();
  });

  describe('post-migrate', () => {
    it('made view/add/change/delete for every model of every installed app, _own_ for Post, and the apps\' own', async () => {
      const all = await perms(db);
      for (const model of ['user', 'group', 'permission', 'session', 'account', 'passwordresettoken']) {
        for (const a of ['view', 'add', 'change', 'delete']) expect(all).toContain(`accounts.${a}_${model}`);
      }
      expect(all.filter((p) => p.startsWith('admin.'))).toEqual(['admin.add_logentry', 'admin.change_logentry', 'admin.delete_logentry', 'admin.view_logentry']);
      expect(all.filter((p) => p.startsWith('blog.'))).toEqual(BLOG_ALL);
      expect(all.filter((p) => p.includes('_own_'))).toEqual(['blog.change_own_post', 'blog.delete_own_post', 'blog.view_own_post']);
      expect(all.filter((p) => p.startsWith('ml.')).sort()).toEqual([...ML_ALL].sort());
      expect(all.filter((p) => p.startsWith('comments.'))).toEqual(COMMENTS_ALL.toSorted());
      expect(all).toHaveLength(24 + 4 + BLOG_ALL.length + COMMENTS_ALL.length + MEDIA_ALL.length + ML_ALL.length);
      const named = await db.permission.findUniqueOrThrow({ where: { app_codename: { app: 'blog', codename: 'publish_post' } } });
      expect(named.name).toBe('Can publish posts');
    });

    it('made the Editor (every blog permission) and Author (own posts, no publishing) groups', async () => {
      expect(await groupPerms(db, 'Editor')).toEqual(EDITOR);
      expect(await groupPerms(db, 'Author')).toEqual(AUTHOR);
    });

    it('is idempotent, and leaves a group as an admin changed it', async () => {
      const before = await perms(db);
      await db.group.update({ where: { name: 'Editor' }, data: { permissions: { disconnect: { app_codename: { app: 'blog', codename: 'use_code_in_mdx' } } } } });
      const lines: string[] = [];
      await runPostMigrate(db, (l) => lines.push(l));
      await runPostMigrate(db, (l) => lines.push(l));
      expect(lines).toEqual([]);
      expect(await perms(db)).toEqual(before);
      expect(await groupPerms(db, 'Editor')).toEqual(EDITOR.filter((p) => p !== 'blog.use_code_in_mdx'));
      expect(await db.group.count()).toBe(2);
      await db.group.update({ where: { name: 'Editor' }, data: { permissions: { connect: { app_codename: { app: 'blog', codename: 'use_code_in_mdx' } } } } });
    });

    it('converts 0.2 roles to flags and groups, and empties them', async () => {
      const admin = await makeUser(db, { role: 'admin' });
      const editor = await makeUser(db, { role: 'editor' });
      const author = await makeUser(db, { role: 'Author' });
      const reader = await makeUser(db, { role: 'reader' });
      const lines: string[] = [];
      await runPostMigrate(db, (l) => lines.push(l));
      expect(lines).toEqual(['  Converted 4 user roles to staff flags and groups.']);
      const get = (id: number) => db.user.findUniqueOrThrow({ where: { id }, include: { groups: true } });
      expect(await get(admin.id)).toMatchObject({ role: '', isSuperuser: true, isStaff: true, groups: [] });
      expect(await get(editor.id)).toMatchObject({ role: '', isSuperuser: false, isStaff: true, groups: [{ name: 'Editor' }] });
      expect(await get(author.id)).toMatchObject({ role: '', isSuperuser: false, isStaff: true, groups: [{ name: 'Author' }] });
      expect(await get(reader.id)).toMatchObject({ role: '', isSuperuser: false, isStaff: false, groups: [] });
      const again: string[] = [];
      await runPostMigrate(db, (l) => again.push(l));
      expect(again).toEqual([]);
    });
  });

  describe('hasPerm', () => {
    it('a superuser may do anything; an Editor any blog thing; an Author only their own posts', async () => {
      const su = (await loadCurrentUser(db, (await makeUser(db, { isSuperuser: true, isStaff: true })).id))!;
      const editor = (await loadCurrentUser(db, (await makeUser(db, { isStaff: true, groups: ['Editor'] })).id))!;
      const author = (await loadCurrentUser(db, (await makeUser(db, { isStaff: true, groups: ['Author'] })).id))!;
      expect(author.groups).toEqual(['Author']);
      expect([...author.permissions].sort()).toEqual(AUTHOR);
      expect(hasPerm(su, 'accounts.delete_user')).toBe(true);
      expect(hasPerm(su, 'anything.at_all')).toBe(true);
      expect(hasPerm(editor, 'blog.publish_post')).toBe(true);
      expect(hasPerm(editor, 'blog.change_post', { ownerId: su.id })).toBe(true);
      expect(hasPerm(editor, 'accounts.view_user')).toBe(false);
      expect(hasPerm(author, 'blog.add_post')).toBe(true);
      expect(hasPerm(author, 'blog.publish_post')).toBe(false);
      expect(hasPerm(author, 'blog.change_post')).toBe(false);
      expect(hasPerm(author, 'blog.change_post', { ownerId: author.id })).toBe(true);
      expect(hasPerm(author, 'blog.delete_post', { ownerId: author.id })).toBe(true);
      expect(hasPerm(author, 'blog.view_post', { ownerId: author.id })).toBe(true);
      expect(hasPerm(author, 'blog.change_post', { ownerId: editor.id })).toBe(false);
      expect(hasPerm(author, 'blog.change_post', { ownerId: null })).toBe(false);
      expect(hasPerm(author, 'blog.change_category', { ownerId: author.id })).toBe(false);
      expect(hasPermForSome(author, 'blog.change_post')).toBe(true);
      expect(hasPermForSome(author, 'blog.change_category')).toBe(false);
      expect(hasPerm(null, 'blog.view_post')).toBe(false);
      expect(hasPerm({ ...su, isActive: false }, 'blog.view_post')).toBe(false);
    });

    it('requirePermission: signed out → NotSignedIn, not staff or without the permission → PermissionDenied', async () => {
      const reader = (await loadCurrentUser(db, (await makeUser(db, { groups: ['Editor'] })).id))!;
      const author = (await loadCurrentUser(db, (await makeUser(db, { isStaff: true, groups: ['Author'] })).id))!;
      expect(() => requirePermission(null, 'blog.view_post')).toThrow(NotSignedIn);
      expect(() => requirePermission(reader, 'blog.view_post')).toThrow(PermissionDenied);
      expect(() => requirePermission(reader, 'blog.view_post', null, false)).not.toThrow();
      expect(() => requirePermission(author, 'blog.change_post', { ownerId: author.id + 1000 })).toThrow(PermissionDenied);
      expect(() => requirePermission(author, 'blog.change_post', { ownerId: author.id })).not.toThrow();
    });
  });

  describe('sessions', () => {
    it('a session row is the session: sign-out, expiry, deactivation, a password change each end it', async () => {
      const u = await makeUser(db, { isStaff: true, groups: ['Author'], password: 'old password 1' });
      const secret = await createSession(db, u.id, { userAgent: 'test', ip: '127.0.0.1' });
      expect(await db.session.findUnique({ where: { id: sessionId(secret) } })).toMatchObject({ userId: u.id, userAgent: 'test' });
      // Only the hash is stored: the row's id does not sign anyone in.
      expect(await sessionUser(db, sessionId(secret))).toBeNull();
      expect((await sessionUser(db, secret))?.email).toBe(u.email);

      await endSession(db, secret);
      expect(await sessionUser(db, secret)).toBeNull();

      const s2 = await createSession(db, u.id);
      expect(await sessionUser(db, s2, new Date(Date.now() + 15 * 24 * 3600 * 1000))).toBeNull();
      expect(await db.session.count({ where: { id: sessionId(s2) } })).toBe(0);

      // Deactivated in the admin: the hook ends the sessions (and an inactive user's row would not count anyway).
      const s3 = await createSession(db, u.id);
      const s4 = await createSession(db, u.id);
      await db.user.update({ where: { id: u.id }, data: { isActive: false } });
      expect(await sessionUser(db, s3)).toBeNull();
      await hooks.User!.afterSave!({ object: { id: u.id, isActive: false }, created: false });
      expect(await db.session.count({ where: { userId: u.id } })).toBe(0);
      await db.user.update({ where: { id: u.id }, data: { isActive: true } });
      expect(await sessionUser(db, s4)).toBeNull();

      // The admin's "set password": hashed, a raw passwordHash dropped, sessions ended.
      const s5 = await createSession(db, u.id);
      const data = await hooks.User!.beforeSave!({ data: { email: u.email, password: 'new password 2', passwordHash: 'x' }, existing: { id: u.id, email: u.email }, user: { id: 1, permissions: new Set(), isSuperuser: true } });
      expect(data.password).toBeUndefined();
      expect((await verifyPassword('new password 2', String(data.passwordHash))).ok).toBe(true);
      expect(await sessionUser(db, s5)).toBeNull();
      const kept = await hooks.User!.beforeSave!({ data: { name: 'x', passwordHash: '$2a$04$known' }, existing: { id: u.id, email: u.email }, user: { id: 1, permissions: new Set(), isSuperuser: true } });
      expect(kept).toEqual({ name: 'x' });
      await expect(hooks.User!.beforeSave!({ data: { password: 'short' }, existing: { id: u.id, email: u.email }, user: { id: 1, permissions: new Set(), isSuperuser: true } })).rejects.toThrow(/password: This password is too short/);

      // changepassword (the manage command) ends them too.
      const s6 = await createSession(db, u.id);
      const out: string[] = [];
      await changePasswordCommand.run({ email: u.email, noInput: true } as never, { out: (l) => out.push(l), err: (l) => out.push(l), interactive: false });
      expect(out.join('\n')).toMatch(/Password changed successfully.*Ended 1 session\./);
      expect(await sessionUser(db, s6)).toBeNull();
    });

    it('the cookie is next-auth\'s encrypted JWT naming the session: any process with the secret and the database reads it', async () => {
      const u = await makeUser(db, { isStaff: true, groups: ['Editor'] });
      const key = crypto.randomBytes(32).toString('hex');
      const sid = await createSession(db, u.id);
      const token = await encode({ token: { sub: String(u.id), sid }, secret: key });
      // A fresh client stands for another process (or the same one after a restart): nothing lives in memory.
      const other = createDb(database.target);
      try {
        expect((await userFromSessionToken(token, other, key))?.groups).toEqual(['Editor']);
        expect(await userFromSessionToken(token, other, crypto.randomBytes(32).toString('hex'))).toBeNull();
        expect(await userFromSessionToken(`${token.slice(0, -4)}AAAA`, other, key)).toBeNull();
        const forged = await encode({ token: { sub: String(u.id), sid: 'made-up' }, secret: key });
        expect(await userFromSessionToken(forged, other, key)).toBeNull();
        await endSession(db, sid);
        expect(await userFromSessionToken(token, other, key)).toBeNull();
      } finally {
        await other.$disconnect();
      }
      const jar = (cookies: Record<string, string>) => ({ get: (n: string) => (n in cookies ? { value: cookies[n] } : undefined), getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })) });
      expect(sessionTokenFrom(jar({ 'next-auth.session-token': 'abc' }))).toBe('abc');
      expect(sessionTokenFrom(jar({ '__Secure-next-auth.session-token': 'sec' }))).toBe('sec');
      expect(sessionTokenFrom(jar({ 'next-auth.session-token.1': 'b', 'next-auth.session-token.0': 'a' }))).toBe('ab');
      expect(sessionTokenFrom(jar({ other: 'x' }))).toBeNull();
    });

    it('touches lastSeenAt at most once a minute', async () => {
      const u = await makeUser(db);
      const secret = await createSession(db, u.id);
      const row = async () => (await db.session.findUniqueOrThrow({ where: { id: sessionId(secret) } })).lastSeenAt.getTime();
      const start = await row();
      await sessionUser(db, secret, new Date(start + 30_000));
      expect(await row()).toBe(start);
      await sessionUser(db, secret, new Date(start + 61_000));
      expect(await row()).toBe(start + 61_000);
    });
  });

  describe('sign-in', () => {
    it('upgrades a bcrypt hash to argon2id on success and records the sign-in', async () => {
      const u = await db.user.create({ data: { email: `bcrypt-${provider}@example.com`, passwordHash: await bcrypt.hash('legacy pass', 4), isStaff: true } });
      const limiter = createSignInLimiter();
      expect(await authenticate(db, limiter, { email: `BCRYPT-${provider}@example.com `, password: 'legacy pass', ip: '10.0.0.1' })).toEqual({ ok: true, userId: u.id });
      const after = await db.user.findUniqueOrThrow({ where: { id: u.id } });
      expect(after.passwordHash).toMatch(/^\$argon2id\$/);
      expect(after.lastLoginAt).not.toBeNull();
      expect((await authenticate(db, limiter, { email: after.email, password: 'legacy pass', ip: '10.0.0.1' })).ok).toBe(true);
    });

    const limitCases = [
      ['memory', undefined],
      ['redis', 'redis://127.0.0.1:6379'],
    ] as const;
    it.each(limitCases)('rate-limits per account and per address (%s); an unknown email gets the same answers', async (_store, redisUrl) => {
      const prefix = `t-${crypto.randomBytes(4).toString('hex')}`;
      const limiter = createSignInLimiter({ accountPoints: 3, ipPoints: 5, seconds: 600, redisUrl, keyPrefix: prefix });
      try {
        const u = await makeUser(db, { password: 'right password' });
        const ghost = `ghost-${prefix}@example.com`;
        const run = async (email: string, password: string, ip: string) => {
          const r = await authenticate(db, limiter, { email, password, ip });
          return r.ok ? 'ok' : r.reason;
        };
        const known = [await run(u.email, 'wrong', '10.1.0.1'), await run(u.email, 'wrong', '10.1.0.2'), await run(u.email, 'wrong', '10.1.0.3'), await run(u.email, 'right password', '10.1.0.4')];
        const unknown = [await run(ghost, 'wrong', '10.2.0.1'), await run(ghost, 'wrong', '10.2.0.2'), await run(ghost, 'wrong', '10.2.0.3'), await run(ghost, 'right password', '10.2.0.4')];
        // The third failure locks the account, whichever address tries; the right password then waits too.
        expect(known).toEqual(['invalid', 'invalid', 'limited', 'limited']);
        expect(unknown).toEqual(known);
        const limited = await authenticate(db, limiter, { email: u.email, password: 'right password', ip: '10.1.0.9' });
        expect(limited).toMatchObject({ ok: false, reason: 'limited' });
        expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(590_000);

        // Per address: five failures over five accounts from one address lock that address for everyone.
        const ip = '10.3.0.1';
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await run(`spray${i}-${prefix}@example.com`, 'wrong', ip));
        expect(answers).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'limited']);
        const other = await makeUser(db, { password: 'other password' });
        expect(await run(other.email, 'other password', ip)).toBe('limited');
        expect(await run(other.email, 'other password', '10.3.0.2')).toBe('ok');

        if (redisUrl) {
          // A second process (another limiter on the same Redis) sees the same counts.
          const second = createSignInLimiter({ accountPoints: 3, ipPoints: 5, seconds: 600, redisUrl, keyPrefix: prefix });
          try {
            expect(await second.waitFor(u.email, '10.9.9.9')).toBeGreaterThan(0);
            expect(await second.waitFor('nobody@example.com', ip)).toBeGreaterThan(0);
            expect(await second.waitFor('nobody@example.com', '10.9.9.9')).toBe(0);
          } finally {
            await second.close();
          }
        }
      } finally {
        await limiter.close();
      }
    });

    it('a success clears the account count', async () => {
      const limiter = createSignInLimiter({ accountPoints: 3, ipPoints: 100, seconds: 600 });
      const u = await makeUser(db, { password: 'right password' });
      for (let i = 0; i < 2; i++) expect((await authenticate(db, limiter, { email: u.email, password: 'wrong', ip: '10.4.0.1' })).ok).toBe(false);
      expect((await authenticate(db, limiter, { email: u.email, password: 'right password', ip: '10.4.0.1' })).ok).toBe(true);
      for (let i = 0; i < 2; i++) expect(await authenticate(db, limiter, { email: u.email, password: 'wrong', ip: '10.4.0.1' })).toEqual({ ok: false, reason: 'invalid' });
    });

    it('an inactive user, a blank password and junk input are refused like a wrong password', async () => {
      const limiter = createSignInLimiter();
      const off = await makeUser(db, { password: 'right password', isActive: false });
      expect(await authenticate(db, limiter, { email: off.email, password: 'right password', ip: '10.5.0.1' })).toEqual({ ok: false, reason: 'invalid' });
      expect(await authenticate(db, limiter, { email: off.email, password: '', ip: '10.5.0.2' })).toEqual({ ok: false, reason: 'invalid' });
      expect(await authenticate(db, limiter, { email: { $ne: 1 }, password: ['x'], ip: '10.5.0.3' })).toEqual({ ok: false, reason: 'invalid' });
      expect(await authenticate(db, limiter, { email: 'x@y.z', password: 'p'.repeat(100_000), ip: '10.5.0.4' })).toEqual({ ok: false, reason: 'invalid' });
    });
  });

  describe('OAuth sign-in', () => {
    it('signs in a linked identity or an active user with that verified email (then links it), and never creates a user', async () => {
      const u = await makeUser(db, { isStaff: true });
      const users = await db.user.count();
      expect(await userForOAuth('github', `gh-${u.id}`, null)).toBeNull();
      expect(await userForOAuth('github', `gh-${u.id}`, `stranger-${u.id}@example.com`)).toBeNull();
      expect(await userForOAuth('github', `gh-${u.id}`, u.email.toUpperCase())).toBe(u.id);
      expect(await db.account.findMany({ where: { userId: u.id }, select: { provider: true, providerAccountId: true } })).toEqual([{ provider: 'github', providerAccountId: `gh-${u.id}` }]);
      // Linked now: found by the identity even without an email.
      expect(await userForOAuth('github', `gh-${u.id}`, null)).toBe(u.id);
      expect(await db.user.count()).toBe(users);
      await db.user.update({ where: { id: u.id }, data: { isActive: false } });
      expect(await userForOAuth('github', `gh-${u.id}`, null)).toBeNull();
      expect(await userForOAuth('google', `go-${u.id}`, u.email)).toBeNull();
    });
  });

  describe('password reset', () => {
    it('a token works once, within the hour, ends the sessions and spends the other tokens', async () => {
      const u = await makeUser(db, { password: 'old password 1' });
      expect(await createResetToken(db, 'nobody@example.com')).toBeNull();
      const first = (await createResetToken(db, u.email.toUpperCase()))!;
      const second = (await createResetToken(db, u.email))!;
      expect(first.email).toBe(u.email);
      const stored = await db.passwordResetToken.findMany({ where: { userId: u.id } });
      expect(stored.map((t) => t.tokenHash)).not.toContain(first.token);
      expect(await checkResetToken(db, first.token)).toEqual({ userId: u.id, email: u.email });
      expect(await resetPassword(db, first.token, 'short')).toMatchObject({ ok: false, error: 'weak' });
      const session = await createSession(db, u.id);
      expect(await resetPassword(db, first.token, 'new password 1')).toEqual({ ok: true, email: u.email });
      expect(await sessionUser(db, session)).toBeNull();
      expect((await verifyPassword('new password 1', (await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash)).ok).toBe(true);
      expect(await resetPassword(db, first.token, 'new password 2')).toEqual({ ok: false, error: 'invalid' });
      expect(await resetPassword(db, second.token, 'new password 3')).toEqual({ ok: false, error: 'invalid' });
      expect(await checkResetToken(db, 'not a token')).toBeNull();
    });

    it('expires after an hour', async () => {
      const u = await makeUser(db);
      const { token } = (await createResetToken(db, u.email))!;
      const later = new Date(Date.now() + RESET_TOKEN_TTL_MS + 1000);
      expect(await checkResetToken(db, token, later)).toBeNull();
      expect(await resetPassword(db, token, 'new password 1', later)).toEqual({ ok: false, error: 'invalid' });
      expect(await checkResetToken(db, token)).not.toBeNull();
    });
  });

  describe('first-run setup', () => {
    it('creates the first superuser only with the setup token, only while no user exists, then deletes the token', async () => {
      const empty = await createTestDatabase(provider);
      const edb = createDb(empty.target);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-setup-'));
      try {
        expect(await needsSetup(edb, root)).toBe(true);
        const token = ensureSetupToken(root);
        const file = path.join(root, 'data', '.setup-token');
        expect(fs.readFileSync(file, 'utf8')).toBe(token);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(ensureSetupToken(root)).toBe(token);
        const input = { token, email: 'First@Example.com', name: '관리자', password: 'first admin pw' };
        expect(await createFirstSuperuser(edb, { ...input, token: 'wrong-token-wrong-token' }, root)).toMatchObject({ ok: false, field: 'token' });
        expect(await createFirstSuperuser(edb, { ...input, email: 'not-an-email' }, root)).toMatchObject({ ok: false, field: 'email' });
        expect(await createFirstSuperuser(edb, { ...input, password: '12345678' }, root)).toMatchObject({ ok: false, field: 'password' });
        expect(await createFirstSuperuser(edb, input, root)).toMatchObject({ ok: true });
        expect(await edb.user.findUniqueOrThrow({ where: { email: 'first@example.com' } })).toMatchObject({ isSuperuser: true, isStaff: true, isActive: true, name: '관리자' });
        expect(fs.existsSync(file)).toBe(false);
        expect(await createFirstSuperuser(edb, input, root)).toMatchObject({ ok: false, field: null });
        expect(await needsSetup(edb, root)).toBe(false);
        expect(await edb.user.count()).toBe(1);
      } finally {
        await edb.$disconnect();
        await empty.drop();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });

    it('with MANIFOLD_SETUP_TOKEN every instance takes the same token, and none writes a token file', async () => {
      const empty = await createTestDatabase(provider);
      const edb = createDb(empty.target);
      // Two machines: two project folders, one database.
      const [a, b] = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-setup-')));
      const shared = 'operator-chosen-setup-token-2026';
      try {
        expect(ensureSetupToken(a, shared)).toBe(shared);
        expect(fs.existsSync(path.join(a, 'data', '.setup-token'))).toBe(false);
        const input = { token: shared, email: 'first@example.com', name: '', password: 'first admin pw' };
        // A token file made on machine B before the variable was set does not count instead of it.
        fs.mkdirSync(path.join(b, 'data'));
        fs.writeFileSync(path.join(b, 'data', '.setup-token'), 'a-token-of-machine-b-only');
        expect(await createFirstSuperuser(edb, { ...input, token: 'a-token-of-machine-b-only' }, b, shared)).toMatchObject({ ok: false, field: 'token' });
        // The form shown by A, posted to B.
        expect(await createFirstSuperuser(edb, input, b, shared)).toMatchObject({ ok: true });
        expect(await edb.user.count()).toBe(1);
      } finally {
        await edb.$disconnect();
        await empty.drop();
        for (const dir of [a, b]) fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('the auth secret', () => {
  it('without AUTH_SECRET, one is made once in data/.auth-secret (0600) and read back by every later call', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-secret-'));
    try {
      const secret = authSecret(root);
      const file = path.join(root, 'data', '.auth-secret');
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(authSecret(root)).toBe(secret);
      fs.chmodSync(file, 0o644);
      expect(authSecret(root)).toBe(secret);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads the OAuth pairs and refuses half of one', () => {
    expect(loadSettings({ GITHUB_ID: 'a', GITHUB_SECRET: 'b' }).oauth).toEqual({ github: { id: 'a', secret: 'b' }, google: undefined });
    expect(() => loadSettings({ GOOGLE_ID: 'a' })).toThrow('GOOGLE_ID and GOOGLE_SECRET must be set together (only GOOGLE_ID is set)');
    expect(() => loadSettings({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must be a redis:\/\//);
    expect(() => loadSettings({ EMAIL_URL: 'mail.example.com' })).toThrow(/EMAIL_URL must be an smtp:\/\//);
    expect(loadSettings({ VERCEL: '1' }).vercel).toBe(true);
    expect(loadSettings({ SITE_URL: 'https://blog.example.com' }).emailFrom).toBe('no-reply@blog.example.com');
  });
});

describe('reset mail without EMAIL_URL', () => {
  it('prints the link to the server log', async () => {
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await sendResetLink('ann@example.com', 'http://localhost:3000/accounts/password-reset/tok789', 'ko');
    } finally {
      process.stderr.write = write;
    }
    expect(lines.join('')).toContain('Password reset link for ann@example.com (EMAIL_URL is not set, so it is printed here): http://localhost:3000/accounts/password-reset/tok789');
  });
});

describe('request guards', () => {
  it('refuses a mutating request from another origin; allows same-origin, safe methods and non-browser clients', () => {
    const req = (method: string, h: Record<string, string>) => new Request('http://127.0.0.1:3410/api/x', { method, headers: h });
    expect(crossSiteProblem(req('POST', { origin: 'https://evil.example' }))).toMatch(/Cross-site/);
    expect(crossSiteProblem(req('DELETE', { 'sec-fetch-site': 'cross-site' }))).toMatch(/Cross-site/);
    expect(crossSiteProblem(req('POST', { origin: 'http://127.0.0.1:3410' }))).toBeNull();
    expect(crossSiteProblem(req('GET', { origin: 'https://evil.example' }))).toBeNull();
    expect(crossSiteProblem(req('POST', {}))).toBeNull();
  });

  it('routeWithPermission answers a cross-site POST with 403 JSON before looking at any session', async () => {
    let ran = false;
    const route = routeWithPermission('blog.change_post', async () => {
      ran = true;
      return new Response('ok');
    });
    const res = await route(new Request('http://127.0.0.1:3410/api/x', { method: 'POST', headers: { origin: 'https://evil.example' } }), {});
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: 'Cross-site request refused: Origin https://evil.example is not this site.' });
    expect(ran).toBe(false);
  });

  it('follows ?next= only to a path on this site', () => {
    for (const ok of ['/admin', '/admin/blog/post?q=1', '/accounts/password-change']) expect(isSafeNext(ok)).toBe(true);
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', '/\tadmin', null]) expect(isSafeNext(bad)).toBe(false);
  });
});

// Kept for the type check: CurrentUser is the shape every helper codes against.
export type { CurrentUser };
