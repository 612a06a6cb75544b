// The comments API as the site serves it (nextRoute over the same declarations), on real SQLite and PostgreSQL: a
// guest's comment is queued, approved comments come back as two-level threads, refusals are 4xx a person can act on
// (never 500), the honeypot stores nothing, links are limited, each address is rate limited, a moderator's comment is
// published at once, a cross-site POST is refused; the admin's moderation actions; counts on post lists in one query.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import { blogFactory, emptyBlog, seoulDay } from '../../blog/tests/factories';
import { queryPublishedPosts } from '../../blog/queries';
import { commentEndpoints, commentRateLimit } from '../endpoints';
import { hashAddress, type CommentWriter } from '../service';
import hooks from '../admin-hooks';
import { loadData } from '../../../lib/manage/fixtures';
import { renderMissingHtml } from '../service';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';

const KEY = 'test-key-for-address-hashes-0123456789';

describe.each(PROVIDERS)('comments on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let route: ReturnType<typeof nextRoute>;
  let user: CommentWriter | null = null;
  let published: string[] = [];
  let limit = commentRateLimit({ points: 1000, seconds: 60 });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    route = nextRoute(
      commentEndpoints({
        deps: () => ({ db, hashKey: () => KEY, closeAfterDays: 365 }),
        currentUser: async () => user,
        rateLimit: () => limit,
        siteOrigins: () => ['https://blog.example'],
        published: async (slug) => {
          published.push(slug);
        },
      }),
    );
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });
  beforeEach(async () => {
    user = null;
    published = [];
    limit = commentRateLimit({ points: 1000, seconds: 60 });
    await db.comment.deleteMany();
    await emptyBlog(db);
    const f = blogFactory(db);
    await f.post('open-post', new Date(Date.now() - 86_400_000));
    await f.post('old-post', new Date(Date.now() - 400 * 86_400_000));
    await f.post('draft-post', seoulDay('2025-01-01'), { status: 'draft' });
  });

  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await route[method](
      new Request(`http://localhost${url}`, {
        method,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7', ...headers },
      }),
    );
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  const post = (body: Record<string, unknown>, headers?: Record<string, string>) => call('POST', '/api/comments', { post: 'open-post', ...body }, headers);
  const approveAll = () => db.comment.updateMany({ data: { status: 'approved' } });

  it("queues a guest's comment (202, pending): stored with its rendered HTML, the email kept, the address only hashed", async () => {
    const res = await post({ name: '  김  독자 ', email: 'reader@example.com', body: '좋은 글 **감사합니다**' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', comment: null, message: expect.stringContaining('approved') });
    const row = await db.comment.findFirstOrThrow();
    expect(row).toMatchObject({ name: '김 독자', email: 'reader@example.com', status: 'pending', userId: null, html: '<p>좋은 글 <strong>감사합니다</strong></p>' });
    expect(row.ipHash).toBe(hashAddress('203.0.113.7', KEY));
    expect(row.ipHash).not.toContain('203.0.113');
    // Pending comments are not shown.
    expect((await call('GET', '/api/comments?post=open-post')).body).toEqual({ count: 0, comments: [], viewer: null });
  });

  it('lists approved comments as two-level threads, oldest first; a reply to a reply joins its thread; no email, hash or user id', async () => {
    const first = await post({ name: '가', email: 'a@example.com', body: '첫 댓글' });
    await approveAll();
    const reply = await post({ name: '나', body: '답글', parent: first.body.id });
    await approveAll();
    const nested = await post({ name: '다', body: '답글의 답글', parent: reply.body.id });
    expect(nested.status).toBe(202);
    await post({ name: '라', body: '둘째 댓글' });
    await post({ name: '마', body: '아직 대기' }).then(() => db.comment.updateMany({ where: { name: { not: '마' } }, data: { status: 'approved' } }));
    const rows = await db.comment.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.name, r.parentId])).toEqual([
      ['가', null],
      ['나', first.body.id],
      ['다', first.body.id],
      ['라', null],
      ['마', null],
    ]);
    const res = await call('GET', '/api/comments?post=open-post');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(4);
    expect(res.body.comments.map((c: { name: string; replies: { name: string }[] }) => [c.name, c.replies.map((r) => r.name)])).toEqual([
      ['가', ['나', '다']],
      ['라', []],
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('a@example.com');
    expect(text).not.toContain('ipHash');
    expect(text).not.toContain('userId');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('refuses bad input with a 4xx naming the problem, never a 500', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ post: 'open-post', name: '가', body: '   ' }, 400, /Write something/],
      [{ post: 'open-post', name: '', body: '내용' }, 400, /Give a name/],
      [{ post: 'open-post', name: '가'.repeat(41), body: '내용' }, 400, /at most 40/],
      [{ post: 'open-post', name: 'http://spam.example', body: '내용' }, 400, /links/],
      [{ post: 'open-post', name: '가', email: 'not-an-email', body: '내용' }, 400, /email/],
      [{ post: 'open-post', name: '가', body: 'x'.repeat(4001) }, 400, /4000/],
      [{ post: 'open-post', name: '가', body: 'x'.repeat(9000) }, 400, /body/],
      [{ post: 'open-post', name: '가', body: '내용', parent: 999999 }, 400, /reply/],
      [{ post: 'open-post', name: '가', body: '내용', parent: 'one' }, 400, /parent/],
      [{ post: 'open-post', name: '가', body: '내용', extra: 1 }, 400, /extra|Unrecognized/i],
      [{ post: 'no-such-post', name: '가', body: '내용' }, 404, /No published post/],
      [{ post: 'draft-post', name: '가', body: '내용' }, 404, /No published post/],
      [{ post: 'old-post', name: '가', body: '내용' }, 403, /no longer takes comments/],
      [[1, 2], 400, /.+/],
      ['{"post":', 400, /JSON/i],
    ];
    for (const [body, status, message] of cases) {
      const res = await call('POST', '/api/comments', body);
      expect([JSON.stringify(body).slice(0, 60), res.status], res.body?.error).toEqual([JSON.stringify(body).slice(0, 60), status]);
      expect(res.body.error).toMatch(message);
    }
    expect((await call('POST', '/api/comments', { post: 'open-post', name: '가', body: '내용' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('GET', '/api/comments')).status).toBe(400);
    expect((await call('GET', '/api/comments?post=draft-post')).status).toBe(404);
    expect(await db.comment.count()).toBe(0);
    // A field the form can point at.
    expect((await post({ name: '', body: '내용' })).headers.get('x-field')).toBe('name');
  });

  it('the honeypot: a filled hidden field is answered like a person (202) and nothing is stored', async () => {
    const res = await post({ name: 'bot', body: 'buy now', website: 'http://spam.example' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('pending');
    expect(await db.comment.count()).toBe(0);
  });

  it('refuses a comment with more than two links (bare addresses count), takes one with two', async () => {
    const three = await post({ name: '가', body: '[a](https://a.example) https://b.example www.c.example' });
    expect(three.status).toBe(400);
    expect(three.body.error).toMatch(/at most 2 links/);
    expect((await post({ name: '가', body: '[a](https://a.example) and https://b.example' })).status).toBe(202);
    expect(await db.comment.count()).toBe(1);
  });

  it('rate limits each address: past the budget a 429 with Retry-After; another address still posts', async () => {
    limit = commentRateLimit({ points: 3, seconds: 600 });
    for (let i = 0; i < 3; i++) expect((await post({ name: '가', body: `댓글 ${i}` })).status).toBe(202);
    const over = await post({ name: '가', body: '넷째' });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.body.error).toMatch(/^댓글을 너무 자주 보냈습니다\. 10분 뒤에 .* \/ Too many comments from your address/);
    expect((await post({ name: '나', body: '다른 주소' }, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(202);
    expect(await db.comment.count()).toBe(4);
  });

  it('a signed-in moderator writes under their own name, published at once (the lists are told); another signed-in reader is queued', async () => {
    user = { id: 7, name: '운영자', email: 'owner@example.com', isActive: true, isSuperuser: false, permissions: new Set(['comments.change_comment']) };
    const res = await post({ name: 'ignored', email: 'x@example.com', body: '운영자 답변' });
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ name: '운영자', html: '<p>운영자 답변</p>' });
    expect(published).toEqual(['open-post']);
    expect(await db.comment.findFirstOrThrow()).toMatchObject({ userId: 7, email: 'owner@example.com', status: 'approved' });
    expect((await call('GET', '/api/comments?post=open-post')).body.viewer).toBe('운영자');
    user = { id: 8, name: '', email: 'reader@example.com', isActive: true, isSuperuser: false, permissions: new Set() };
    const queued = await post({ body: '회원 댓글' });
    expect(queued.status).toBe(202);
    expect(await db.comment.findFirstOrThrow({ where: { userId: 8 } })).toMatchObject({ name: 'reader', status: 'pending' });
  });

  it('refuses a POST from another site (its Origin), takes one from this site and from SITE_URL', async () => {
    const cross = await post({ name: '가', body: '내용' }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect((await post({ name: '가', body: '내용' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ name: '가', body: '내용' }, { origin: 'http://localhost', host: 'localhost' })).status).toBe(202);
    expect((await post({ name: '가', body: '내용' }, { origin: 'https://blog.example' })).status).toBe(202);
    expect(await db.comment.count()).toBe(2);
  });

  it('XSS attempts are stored and served inert: no script element, no event handler, no javascript: or data: address', async () => {
    const attempts = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](java&#x09;script:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[ref][x]\n\n[x]: javascript:alert(1)',
      '<a href="javascript:alert(1)">a</a>',
      '<svg><animate onbegin=alert(1) attributeName=x /></svg>',
      '**<b onmouseover=alert(1)>bold</b>**',
      '![x](javascript:alert(1))',
      '`<script>alert(1)</script>`',
      '> <iframe src="javascript:alert(1)"></iframe>',
      '[a](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    ];
    for (const body of attempts) expect((await post({ name: '가', body })).status).toBe(202);
    await approveAll();
    const res = await call('GET', '/api/comments?post=open-post');
    expect(res.body.comments).toHaveLength(attempts.length);
    for (const c of res.body.comments as { html: string }[]) {
      // Read as a browser would: every element is one of the subset's, no attribute is a handler, every link is safe.
      visit(fromHtml(c.html, { fragment: true }), 'element', (el: Element) => {
        expect(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']).toContain(el.tagName);
        expect(Object.keys(el.properties).filter((k) => /^on/i.test(k) || k === 'style' || k === 'src')).toEqual([]);
        if (el.tagName === 'a') {
          expect(el.properties.rel).toEqual(['nofollow', 'ugc', 'noopener']);
          if (el.properties.href !== undefined) expect(String(el.properties.href)).toMatch(/^(https?:|mailto:)/);
        }
      });
    }
    // The text of a raw tag is kept as text: the reader sees what was written.
    expect(res.body.comments[0].html).toBe('<p>&#x3C;script>alert(1)&#x3C;/script></p>');
    expect(res.body.comments.at(-1).html).toBe('<p><a href="https://ok.example" rel="nofollow ugc noopener">a</a></p>');
  });

  it('the admin: approve and spam act on the ids named and tell the post lists; saving renders the HTML again from the body', async () => {
    await post({ name: '가', body: '하나' });
    await post({ name: '나', body: '둘' });
    const [a, b] = await db.comment.findMany({ orderBy: { id: 'asc' } });
    const hook = hooks.Comment!;
    expect(await hook.actions!.approve({ ids: [String(a.id)], user: { id: 1 }, db })).toMatch(/Approved 1/);
    expect(await hook.actions!.spam({ ids: [b.id, 'x'], user: { id: 1 }, db })).toMatch(/Marked 1/);
    expect((await db.comment.findMany({ orderBy: { id: 'asc' } })).map((c) => c.status)).toEqual(['approved', 'spam']);
    const saved = await hook.beforeSave!({ data: { status: 'approved', html: '<script>alert(1)</script>' }, existing: { body: '*안전*' }, user: { id: 1, permissions: new Set(), isSuperuser: true } });
    expect(saved.html).toBe('<p><em>안전</em></p>');
    expect(hook.columns!.excerpt.value({ body: '가'.repeat(100) })).toHaveLength(81);
  });

  it('loaddata never takes stored HTML: it is dropped (the report names `comments render`), and the comment is rendered from its Markdown', async () => {
    const postId = (await db.post.findUniqueOrThrow({ where: { slug: 'open-post' } })).id;
    const fixture = [{ model: 'comments.comment', pk: 900, fields: { post: postId, name: '옮겨 온 댓글', body: '*옮김*', html: '<img src=x onerror=alert(1)>', status: 'approved', createdAt: '2026-01-01T00:00:00Z' } }];
    const result = await loadData(db as never, fixture);
    expect(result.dropped).toEqual([{ label: 'comments.comment', fields: ['html'], records: 1, then: 'npm run manage -- comments render' }]);
    expect((await db.comment.findUniqueOrThrow({ where: { id: 900 } })).html).toBe('');
    // Shown: rendered on the way out (and stored), never the fixture's HTML.
    expect((await call('GET', '/api/comments?post=open-post')).body.comments[0].html).toBe('<p><em>옮김</em></p>');
    expect((await db.comment.findUniqueOrThrow({ where: { id: 900 } })).html).toBe('<p><em>옮김</em></p>');
    // The command renders the rest in bulk (here: every comment, with --all).
    await db.comment.update({ where: { id: 900 }, data: { html: '<b>stale</b>' } });
    expect(await renderMissingHtml(db, { all: true })).toBe(1);
    expect((await db.comment.findUniqueOrThrow({ where: { id: 900 } })).html).toBe('<p><em>옮김</em></p>');
  });

  it('post lists carry each post’s approved comments, counted in one query for the list', async () => {
    const f = blogFactory(db);
    await f.post('second', new Date(Date.now() - 2 * 86_400_000));
    await post({ name: '가', body: '1' });
    await post({ name: '가', body: '2' });
    await post({ name: '가', body: '3' });
    await post({ post: 'second', name: '가', body: '4' });
    const ids = (await db.comment.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((c) => c.id);
    await db.comment.updateMany({ where: { id: { in: [ids[0], ids[1], ids[3]] } }, data: { status: 'approved' } });
    let groupBys = 0;
    const counting = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'comment') return Reflect.get(target, prop, receiver);
        const model = target.comment;
        return new Proxy(model, { get: (m, p) => (p === 'groupBy' ? (...args: unknown[]) => (groupBys++, (m.groupBy as (...a: unknown[]) => unknown)(...args)) : Reflect.get(m, p)) });
      },
    });
    const page = await queryPublishedPosts(counting, {}, 1);
    expect(Object.fromEntries(page.posts.map((p) => [p.slug, p.comments]))).toEqual({ 'open-post': 2, second: 1, 'old-post': 0 });
    expect(groupBys).toBe(1);
  });
});
