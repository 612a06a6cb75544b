// The permission and request rules of accounts/auth.ts one by one, without a database or a server: who holds a
// permission, the session cookie (whole or chunked), cross-site refusals and where `?next=` may lead. The flows
// around them are tested over HTTP (accounts.test.ts, e2e); these pin each rule so a small bug in one is caught
// even where another check happens to refuse the same request (issue 17: mutation testing left 46 of 247 alive).
import { describe, expect, it } from 'vitest';
import { crossSiteProblem, hasPerm, hasPermForSome, isSafeNext, loginUrl, NotSignedIn, PermissionDenied, requirePermission, SESSION_COOKIES, sessionTokenFrom } from '../auth';
import { settings } from '../../../lib/settings';
import type { CurrentUser } from '../user';

const user = (over: Partial<CurrentUser> & { perms?: string[] } = {}): CurrentUser => {
  const { perms = [], ...rest } = over;
  return { id: 7, email: 'a@example.com', name: 'A', isActive: true, isStaff: true, isSuperuser: false, groups: [], permissions: new Set(perms), ...rest };
};

describe('hasPerm', () => {
  it('a superuser holds everything, an inactive one nothing; no user holds nothing', () => {
    expect(hasPerm(user({ isSuperuser: true }), 'blog.delete_post')).toBe(true);
    expect(hasPerm(user({ isSuperuser: true, isActive: false }), 'blog.delete_post')).toBe(false);
    expect(hasPerm(null, 'blog.view_post')).toBe(false);
  });

  it('a user holds exactly the permissions they have; inactive users none of them', () => {
    expect(hasPerm(user({ perms: ['blog.view_post'] }), 'blog.view_post')).toBe(true);
    expect(hasPerm(user({ perms: ['blog.view_post'] }), 'blog.change_post')).toBe(false);
    expect(hasPerm(user({ perms: ['blog.view_post'], isActive: false }), 'blog.view_post')).toBe(false);
  });

  it('an own-row permission counts on the user\'s own object only, and only for view, change and delete', () => {
    const author = user({ perms: ['blog.view_own_post', 'blog.change_own_post', 'blog.delete_own_post', 'blog.add_own_post'] });
    expect(hasPerm(author, 'blog.change_post', { ownerId: 7 })).toBe(true);
    expect(hasPerm(author, 'blog.delete_post', { ownerId: 7 })).toBe(true);
    expect(hasPerm(author, 'blog.view_post', { ownerId: 7 })).toBe(true);
    expect(hasPerm(author, 'blog.change_post', { ownerId: 8 })).toBe(false);
    expect(hasPerm(author, 'blog.change_post', { ownerId: null })).toBe(false);
    expect(hasPerm(author, 'blog.change_post')).toBe(false);
    expect(hasPerm(author, 'blog.add_post', { ownerId: 7 })).toBe(false);
    // another model's or app's own permission is not this one's
    expect(hasPerm(user({ perms: ['blog.change_own_tag'] }), 'blog.change_post', { ownerId: 7 })).toBe(false);
    expect(hasPerm(user({ perms: ['media.change_own_post'] }), 'blog.change_post', { ownerId: 7 })).toBe(false);
    // an "own" permission asked for by name is not widened to "own_own"
    expect(hasPerm(user({ perms: ['blog.change_own_own_post'] }), 'blog.change_own_post', { ownerId: 7 })).toBe(false);
    // malformed names never match an own permission
    expect(hasPerm(user({ perms: ['blog.change_own_post'] }), 'change_post', { ownerId: 7 })).toBe(false);
    expect(hasPerm(user({ perms: ['Blog.change_own_post'] }), 'Blog.change_post', { ownerId: 7 })).toBe(false);
    expect(hasPerm(user({ perms: ['blog.change_own_post'] }), 'xblog.change_post', { ownerId: 7 })).toBe(false);
    expect(hasPerm(user({ perms: ['blog.change_own_post'] }), 'blog.change_postx', { ownerId: 7 })).toBe(false);
    expect(hasPerm(user({ perms: ['blog.change_own_post'], isActive: false }), 'blog.change_post', { ownerId: 7 })).toBe(false);
    // the whole name must be a permission name: no part of a longer string counts
    expect(hasPerm(user({ perms: ['log.change_own_post'] }), 'Blog.change_post', { ownerId: 7 })).toBe(false);
    expect(hasPerm(user({ perms: ['blog.change_own_post'] }), 'blog.change_post-x', { ownerId: 7 })).toBe(false);
  });
});

describe('hasPermForSome', () => {
  it('holds with the permission itself or its own-row form, for active users only', () => {
    expect(hasPermForSome(user({ perms: ['blog.change_post'] }), 'blog.change_post')).toBe(true);
    expect(hasPermForSome(user({ perms: ['blog.change_own_post'] }), 'blog.change_post')).toBe(true);
    expect(hasPermForSome(user({ perms: ['blog.change_own_post'], isActive: false }), 'blog.change_post')).toBe(false);
    expect(hasPermForSome(user({ perms: ['blog.view_own_post'] }), 'blog.change_post')).toBe(false);
    expect(hasPermForSome(user({ perms: ['blog.add_own_post'] }), 'blog.add_post')).toBe(false);
    expect(hasPermForSome(null, 'blog.change_post')).toBe(false);
    expect(hasPermForSome(user({ isSuperuser: true }), 'anything.at_all')).toBe(true);
    expect(hasPermForSome(user({ perms: ['log.change_own_post'] }), 'Blog.change_post')).toBe(false);
    expect(hasPermForSome(user({ perms: ['blog.change_own_post'] }), 'blog.change_post-x')).toBe(false);
  });
});

describe('requirePermission', () => {
  it('signed out or inactive: NotSignedIn; not staff: refused unless staff is not required; without the permission: named', () => {
    expect(() => requirePermission(null, 'blog.view_post')).toThrow(NotSignedIn);
    expect(() => requirePermission(user({ isActive: false, isSuperuser: true }), 'blog.view_post')).toThrow(NotSignedIn);
    expect(() => requirePermission(user({ isStaff: false, perms: ['blog.view_post'] }), 'blog.view_post')).toThrow(new PermissionDenied('Your account may not use the admin.', 'blog.view_post'));
    expect(() => requirePermission(user({ isStaff: false, perms: ['blog.view_post'] }), 'blog.view_post', undefined, false)).not.toThrow();
    let denied: unknown;
    try {
      requirePermission(user({ perms: ['blog.view_post'] }), 'blog.delete_post');
    } catch (err) {
      denied = err;
    }
    expect(denied).toBeInstanceOf(PermissionDenied);
    expect((denied as PermissionDenied).message).toBe('You do not have the permission "blog.delete_post".');
    expect((denied as PermissionDenied).permission).toBe('blog.delete_post');
    expect((denied as PermissionDenied).name).toBe('PermissionDenied');
    expect(() => requirePermission(user({ perms: ['blog.change_own_post'] }), 'blog.change_post', { ownerId: 7 })).not.toThrow();
    expect(() => requirePermission(user({ perms: ['blog.change_own_post'] }), 'blog.change_post', null)).toThrow(PermissionDenied);
  });

  it('the refusals say what happened by default', () => {
    expect(new NotSignedIn().message).toBe('Sign in to continue.');
    expect(new NotSignedIn().name).toBe('NotSignedIn');
    expect(new PermissionDenied().message).toBe('You do not have permission to do this.');
  });
});

describe('sessionTokenFrom', () => {
  const jar = (cookies: Record<string, string>) => ({
    get: (name: string) => (Object.hasOwn(cookies, name) ? { value: cookies[name] } : undefined),
    getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
  });
  const [secure, plain] = SESSION_COOKIES;

  it('reads the secure cookie before the plain one, and either whole', () => {
    expect(SESSION_COOKIES).toEqual(['__Secure-next-auth.session-token', 'next-auth.session-token']);
    expect(sessionTokenFrom(jar({ [plain]: 'p', [secure]: 's' }))).toBe('s');
    expect(sessionTokenFrom(jar({ [plain]: 'p' }))).toBe('p');
    expect(sessionTokenFrom(jar({ [plain]: '' }))).toBeNull();
    expect(sessionTokenFrom(jar({ other: 'x' }))).toBeNull();
  });

  it('joins next-auth\'s chunks in numeric order, ignoring look-alike names', () => {
    expect(sessionTokenFrom(jar({ [`${plain}.10`]: 'K', [`${plain}.2`]: 'C', [`${plain}.0`]: 'A', [`${plain}.1`]: 'B' }))).toBe('ABCK');
    expect(sessionTokenFrom(jar({ [`${plain}.x`]: 'evil', [`${plain}.1a`]: 'evil', [`${plain}-1`]: 'evil', [`${plain}.`]: 'evil', [`${plain}.a1`]: 'evil' }))).toBeNull();
    expect(sessionTokenFrom(jar({ [`${secure}.1`]: 'S2', [`${secure}.0`]: 'S1', [`${plain}.0`]: 'P' }))).toBe('S1S2');
  });
});

describe('crossSiteProblem', () => {
  const req = (method: string, headers: Record<string, string>, url = 'http://127.0.0.1:3000/admin') => new Request(url, { method, headers });

  it('lets safe methods through whatever they carry', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(crossSiteProblem(req(m, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))).toBeNull();
  });

  it('takes an Origin that is the request\'s own, its forwarded host, or SITE_URL\'s; refuses others by name (clipped)', () => {
    expect(crossSiteProblem(req('POST', { origin: 'http://127.0.0.1:3000' }))).toBeNull();
    expect(crossSiteProblem(req('POST', { origin: 'https://blog.example', host: 'blog.example', 'x-forwarded-proto': 'https' }))).toBeNull();
    expect(crossSiteProblem(req('POST', { origin: 'https://blog.example', 'x-forwarded-host': 'blog.example', 'x-forwarded-proto': 'https' }))).toBeNull();
    // without x-forwarded-proto the request's own scheme is used
    expect(crossSiteProblem(req('POST', { origin: 'http://blog.example', host: 'blog.example' }))).toBeNull();
    expect(crossSiteProblem(req('POST', { origin: 'https://blog.example', host: 'blog.example' }))).toBe('Cross-site request refused: Origin https://blog.example is not this site.');
    expect(crossSiteProblem(req('POST', { origin: new URL(settings().siteUrl).origin }))).toBeNull();
    // no Host header: nothing is added for it (not "http://null")
    expect(crossSiteProblem(req('POST', { origin: 'http://null' }))).toBe('Cross-site request refused: Origin http://null is not this site.');
    const evil = `https://${'e'.repeat(200)}.example`;
    expect(crossSiteProblem(req('DELETE', { origin: evil }))).toBe(`Cross-site request refused: Origin ${evil.slice(0, 100)} is not this site.`);
  });

  it('without an Origin, follows Sec-Fetch-Site: same-origin and none pass, anything else is refused; no header passes', () => {
    expect(crossSiteProblem(req('POST', { 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteProblem(req('POST', { 'sec-fetch-site': 'none' }))).toBeNull();
    expect(crossSiteProblem(req('POST', { 'sec-fetch-site': 'same-site' }))).toBe('Cross-site request refused.');
    expect(crossSiteProblem(req('POST', { 'sec-fetch-site': 'cross-site' }))).toBe('Cross-site request refused.');
    expect(crossSiteProblem(req('PUT', {}))).toBeNull();
  });
});

describe('loginUrl and isSafeNext', () => {
  it('follows only paths on this site', () => {
    for (const ok of ['/', '/admin', '/admin/blog/post?q=%ED%95%9C&page=2', '/posts/경사하강법']) expect(isSafeNext(ok), ok).toBe(true);
    for (const bad of [null, undefined, '', 'admin', 'https://evil.example/', '//evil.example', '/\\evil.example', '/ok\\..\\x', '/a\u0000b', '/a\nb', '/a\u001fb', `/${'a'.repeat(2000)}`]) {
      expect(isSafeNext(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isSafeNext(`/${'a'.repeat(1999)}`)).toBe(true);
  });

  it('carries a safe next, encoded, and drops an unsafe one', () => {
    expect(loginUrl('/admin/blog/post?q=a b')).toBe('/accounts/login?next=%2Fadmin%2Fblog%2Fpost%3Fq%3Da%20b');
    expect(loginUrl('//evil.example')).toBe('/accounts/login');
    expect(loginUrl()).toBe('/accounts/login');
  });
});
