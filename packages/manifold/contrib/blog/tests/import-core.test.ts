// The import core (importers/core.ts) on real SQLite and PostgreSQL with the real compile path: hand-built bundles as
// the parsers produce them. Counts, statuses, dates, the category tree, inactive authors, old addresses, comments,
// idempotence, re-import after an edit in the export, refusals that change nothing, dry runs, and the 301 the reader
// pages answer for an old address.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GetServerSidePropsContext } from 'next';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../../lib/db';
import { importBundle, reportLines } from '../importers/core';
import { ImportFormatError, type ImportBundle, type ImportPost } from '../importers/bundle';
import { addPatternRedirects, addRedirect } from '../commands/redirects';
import { normaliseLegacyPath } from '../legacy-paths';
import { manage } from '../../../lib/manage/tests/support';

const D = (s: string) => new Date(s);

function post(key: string, over: Partial<ImportPost> = {}): ImportPost {
  return {
    key,
    title: `글 ${key}`,
    slug: `post-${key}`,
    status: 'published',
    publishedAt: D('2020-02-16T06:15:00Z'),
    tagKeys: [],
    excerpt: '',
    body: `# 제목 ${key}\n\n본문 ${key}: 수식 $x^2$ 과 코드.\n\n\`\`\`python\nprint(${key})\n\`\`\`\n`,
    format: 'markdown',
    legacyPaths: [],
    comments: [],
    ...over,
  };
}

function bundle(): ImportBundle {
  return {
    source: 'wordpress',
    site: 'https://old.example.com',
    authors: [
      { key: 'kim', login: 'kim', name: '김철수', email: 'kim@example.com' },
      { key: 'lee', login: 'lee', name: 'Lee' },
    ],
    categories: [
      { key: 'c-ml', name: '머신러닝', slug: 'ml' },
      { key: 'c-dl', name: '딥러닝', slug: '%eb%94%a5%eb%9f%ac%eb%8b%9d', parentKey: 'c-ml' },
      { key: 'c-opt', name: '최적화', slug: 'optimization', parentKey: 'c-dl' },
    ],
    tags: [
      { key: 't-py', name: 'python', slug: 'python' },
      { key: 't-math', name: '수학', slug: '수학' },
    ],
    posts: [
      post('1', { authorKey: 'kim', categoryKey: 'c-opt', tagKeys: ['t-py', 't-math'], excerpt: '요약', legacyPaths: ['/?p=1', '/2020/02/16/post-1/', 'https://old.example.com/archives/1'], comments: [
        { key: '10', authorName: '독자', authorEmail: 'r@example.com', body: '좋은 글', createdAt: D('2020-02-17T00:00:00Z'), status: 'approved' },
        { key: '11', parentKey: '10', authorName: 'kim', body: '감사합니다', createdAt: D('2020-02-17T01:00:00Z'), status: 'approved' },
        { key: '12', parentKey: '11', authorName: '독자', body: '답글의 답글', createdAt: D('2020-02-17T02:00:00Z'), status: 'pending' },
      ] }),
      // Markdown that is not MDX: `<` and `{` are text.
      post('2', { authorKey: 'lee', status: 'draft', publishedAt: null, legacyPaths: ['/?p=2'], body: '손실이 <0.1 이면 {key: value} 로 둔다.<br>\n' }),
      post('3', { coverImage: 'javascript:alert(1)', status: 'scheduled', publishedAt: D('2099-01-01T00:00:00Z'), categoryKey: 'c-ml', legacyPaths: ['/%EC%A0%9C%EB%AA%A9-3'] }),
      post('4', { body: 'export const x = 1\n\n<Nope />\n', format: 'mdx', legacyPaths: ['/?p=4'] }),
    ],
    attachments: [{ url: 'https://old.example.com/wp-content/uploads/a.png', usedBy: ['1'] }],
    notes: [{ where: 'item 7', message: 'shortcode [gallery] dropped', kind: 'dropped' }],
  };
}

async function snapshot(db: Db) {
  const [posts, categories, tags, users, paths, items, comments] = await Promise.all([
    db.post.findMany({ orderBy: { id: 'asc' }, include: { tags: { select: { slug: true }, orderBy: { slug: 'asc' } } } }),
    db.category.findMany({ orderBy: { id: 'asc' } }),
    db.tag.findMany({ orderBy: { id: 'asc' } }),
    db.user.findMany({ orderBy: { id: 'asc' } }),
    db.legacyPath.findMany({ orderBy: { id: 'asc' } }),
    db.importedItem.findMany({ orderBy: { id: 'asc' } }),
    db.comment.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { posts, categories, tags, users, paths, items, comments };
}

describe.each(PROVIDERS)('importBundle on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase(provider, { postMigrate: false });
    db = createDb(t.target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });
  beforeEach(async () => {
    await db.importedItem.deleteMany();
    await db.comment.deleteMany();
    await db.legacyPath.deleteMany();
    await db.post.deleteMany();
    await db.category.updateMany({ data: { parentId: null } });
    await db.category.deleteMany();
    await db.tag.deleteMany();
    await db.user.deleteMany();
  });

  it('imports posts, the category tree, tags, inactive authors, old addresses and comments; a post that does not compile stays hidden', async () => {
    await db.category.create({ data: { name: 'ML here', slug: 'ml' } });
    const report = await importBundle(db, bundle());
    expect(report.counts.post).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0 });
    expect(report.counts.category).toEqual({ created: 2, updated: 0, unchanged: 1, skipped: 0 });
    expect(report.counts.user.created).toBe(2);
    expect(report.counts.legacyPath.created).toBe(6);
    expect(report.counts.comment.created).toBe(3);
    expect(report.failed.map((f) => f.slug)).toEqual(['post-4']);
    expect(report.attachments).toHaveLength(1);
    expect(report.changedSlugs.sort()).toEqual(['post-1', 'post-2', 'post-3', 'post-4']);

    const s = await snapshot(db);
    const bySlug = Object.fromEntries(s.posts.map((p) => [p.slug, p]));
    expect(Object.fromEntries(s.posts.map((p) => [p.slug, p.status]))).toEqual({ 'post-1': 'published', 'post-2': 'draft', 'post-3': 'scheduled', 'post-4': 'published' });
    expect(bySlug['post-1'].publishedAt?.toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(bySlug['post-2'].publishedAt).toBeNull();
    expect(bySlug['post-1'].format).toBe('markdown');
    expect(bySlug['post-1'].source).toContain('print(1)');
    expect(bySlug['post-1'].compiledCode).not.toBe('');
    expect(bySlug['post-1'].compileError).toBeNull();
    expect(bySlug['post-1'].excerpt).toBe('요약');
    expect(bySlug['post-3'].excerpt).toContain('본문 3');
    expect(bySlug['post-1'].tags.map((x) => x.slug)).toEqual(['python', '수학']);
    // The failed post: stored with its error and no output, so readers never see it.
    expect(bySlug['post-3'].coverImage).toBeNull();
    expect(report.notes.at(-1)).toEqual({ where: 'post 3 (key "3" "글 3")', message: 'cover image "javascript:alert(1)" is not an http(s) address or a path: dropped', kind: 'dropped' });
    expect(bySlug['post-4'].compiledCode).toBe('');
    expect(bySlug['post-4'].compileError).toBeTruthy();
    expect(bySlug['post-1'].version).toBe(1);
    expect(bySlug['post-2'].compileError).toBeNull();
    expect(bySlug['post-2'].searchText).toContain('{key: value}');

    // The tree: 최적화 under 딥러닝 (slug percent-decoded) under the existing "ml", reused.
    const cat = Object.fromEntries(s.categories.map((c) => [c.slug, c]));
    expect(cat.ml.name).toBe('ML here');
    expect(cat['딥러닝'].parentId).toBe(cat.ml.id);
    expect(cat.optimization.parentId).toBe(cat['딥러닝'].id);
    expect(bySlug['post-1'].categoryId).toBe(cat.optimization.id);

    // Authors: users who cannot sign in until claimed.
    expect(s.users.map((u) => [u.email, u.isActive, u.passwordHash])).toEqual([
      ['kim@example.com', false, ''],
      ['lee@old.example.com.invalid', false, ''],
    ]);
    expect(bySlug['post-2'].authorId).toBe(s.users[1].id);

    expect(s.paths.map((p) => p.path).sort()).toEqual(['/2020/02/16/post-1', '/?p=1', '/?p=2', '/?p=4', '/archives/1', '/제목-3'].sort());
    expect(new Set(s.paths.map((p) => p.source))).toEqual(new Set(['wordpress']));

    // Comments: the reply to a reply joins the top-level thread.
    expect(s.comments.map((c) => [c.body, c.status, c.parentId === null ? null : s.comments.findIndex((x) => x.id === c.parentId)])).toEqual([
      ['좋은 글', 'approved', null],
      ['감사합니다', 'approved', 0],
      ['답글의 답글', 'pending', 0],
    ]);
    expect(reportLines(report).at(-1)).toMatch(/^category: 2 created, 0 updated, 1 unchanged, 0 skipped; tag: 2 created.*; 1 post\(s\) failed to compile\.$/);
  });

  it('a second import of the same export changes nothing; an edit in the export updates; an edit here wins', async () => {
    await importBundle(db, bundle());
    const before = await snapshot(db);
    const again = await importBundle(db, bundle());
    for (const m of ['post', 'category', 'tag', 'user', 'legacyPath', 'comment'] as const) {
      expect(again.counts[m].created + again.counts[m].updated + again.counts[m].skipped, m).toBe(0);
    }
    expect(again.counts.post.unchanged).toBe(4);
    expect(again.changedSlugs).toEqual([]);
    expect(await snapshot(db)).toEqual(before);

    const edited = bundle();
    edited.posts[0].title = '고친 제목';
    edited.posts[0].slug = 'post-1-renamed';
    edited.posts[0].body += '\n추가 문단\n';
    edited.posts[0].comments[0].body = '좋은 글 (수정)';
    edited.posts[2].title = '여기서도 고친 글';
    // Post 3 was edited here since the import: its version moved on.
    await db.post.update({ where: { slug: 'post-3' }, data: { title: 'edited here', version: { increment: 1 } } });
    const third = await importBundle(db, edited);
    expect(third.counts.post).toEqual({ created: 0, updated: 1, unchanged: 2, skipped: 1 });
    expect(third.items.find((i) => i.label === 'post-3')).toMatchObject({ action: 'skip', note: 'edited here since import' });
    expect(third.counts.comment).toEqual({ created: 0, updated: 1, unchanged: 2, skipped: 0 });
    const p1 = await db.post.findUniqueOrThrow({ where: { slug: 'post-1-renamed' } });
    expect(p1.title).toBe('고친 제목');
    expect(await db.redirect.findMany({ select: { oldSlug: true, postId: true } })).toEqual([{ oldSlug: 'post-1', postId: p1.id }]);
    expect(p1.version).toBe(2);
    expect(p1.searchText).toContain('추가 문단');
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'post-3' } })).title).toBe('edited here');
    expect((await db.comment.findFirstOrThrow({ where: { body: { startsWith: '좋은 글' } } })).body).toBe('좋은 글 (수정)');
    // And the updated post is again "unchanged" the next time.
    expect((await importBundle(db, edited)).counts.post).toEqual({ created: 0, updated: 0, unchanged: 3, skipped: 1 });
  });

  it('a broken export or a slug clash changes nothing and says where', async () => {
    await db.post.create({ data: { title: 'Mine', slug: 'post-3', status: 'published' } });
    const before = await snapshot(db);
    await expect(importBundle(db, bundle())).rejects.toThrow(/^post 3 \(key "3" "글 3"\): slug "post-3" is already taken by post #\d+ "Mine", which this import did not make$/);
    const broken = bundle();
    broken.posts[1].tagKeys = ['t-nope'];
    await expect(importBundle(db, broken)).rejects.toThrow(/^post 2 \(key "2" "글 2"\): tag "t-nope" is no tag of the export$/);
    const badDate = bundle();
    badDate.posts[0].publishedAt = new Date('nope');
    await expect(importBundle(db, badDate)).rejects.toBeInstanceOf(ImportFormatError);
    const hostile = bundle();
    hostile.posts[0].legacyPaths = ['https://evil.example/x'];
    await expect(importBundle(db, hostile)).rejects.toThrow(/legacy path "https:\/\/evil\.example\/x" must be a path on this site/);
    const dup = bundle();
    dup.posts[1].slug = 'post-1';
    await expect(importBundle(db, dup)).rejects.toThrow(/^post 2 .*: slug "post-1" is also post 1 \(key "1" "글 1"\)'s$/);
    expect(await snapshot(db)).toEqual(before);

    // A failure inside the transaction (after rows were written) leaves nothing either: the clash is on a legacy path
    // another post holds, found only once the earlier posts are planned.
    await db.post.deleteMany();
    const other = await db.post.create({ data: { title: 'Other', slug: 'other' } });
    await db.legacyPath.create({ data: { path: '/?p=4', postId: other.id } });
    const mid = await snapshot(db);
    await expect(importBundle(db, bundle())).rejects.toThrow(/legacy path "\/\?p=4" already leads to post #/);
    expect(await snapshot(db)).toEqual(mid);
  });

  it('--dry-run reports what would happen and writes nothing', async () => {
    const before = await snapshot(db);
    const report = await importBundle(db, bundle(), { dryRun: true });
    expect(report.counts.post.created).toBe(4);
    expect(report.counts.comment.created).toBe(3);
    expect(await snapshot(db)).toEqual(before);
    const lines = reportLines(report);
    expect(lines).toContain('  would create post       post-1');
    expect(lines).toContain('  would drop   item 7: shortcode [gallery] dropped');
    expect(lines.at(-1)).toMatch(/^Dry run, nothing written\. /);
  });

  it('answers 301 from an old address to the post (reader 404 path and the home page with ?p=), only for visible posts', async () => {
    await importBundle(db, bundle());
    const pages = await import('../pages');
    const g = globalThis as unknown as { __manifoldDb?: Db };
    const saved = g.__manifoldDb;
    g.__manifoldDb = db;
    try {
      const ctx = (url: string, params: Record<string, string | string[]>, query: Record<string, string> = {}) => {
        const headers: Record<string, string> = {};
        return { params, query, req: { url, headers: {} }, res: { statusCode: 200, setHeader: (k: string, v: string) => (headers[k] = v) }, resolvedUrl: url } as unknown as GetServerSidePropsContext;
      };
      // /2020/02/16/post-1 reaches the catch-all with "2020" as the language.
      expect(await pages.unknownPageProps(ctx('/2020/02/16/post-1', { lang: '2020', rest: ['02', '16', 'post-1'] }))).toEqual({ redirect: { destination: '/posts/post-1', statusCode: 301 } });
      expect(await pages.unknownPageProps(ctx('/%EC%A0%9C%EB%AA%A9-3/', { lang: '제목-3' }))).toMatchObject({ props: { notFound: true } }); // scheduled: not visible yet
      expect(await pages.unknownPageProps(ctx('/en/archives/1', { lang: 'en', rest: ['archives', '1'] }))).toEqual({ redirect: { destination: '/en/posts/post-1', statusCode: 301 } });
      const home = await pages.homePageProps(ctx('/?p=1', { lang: 'ko' }, { lang: 'ko', p: '1' }));
      expect(home).toEqual({ redirect: { destination: '/posts/post-1', statusCode: 301 } });
      // A draft's and a failed post's old addresses do not reveal anything.
      expect(await pages.unknownPageProps(ctx('/nothing/here', { lang: 'nothing', rest: ['here'] }))).toMatchObject({ props: { notFound: true } });
      const draft = await pages.legacyRedirectFor(ctx('/?p=2', { lang: 'ko' }, { lang: 'ko', p: '2' }), 'ko');
      expect(draft).toBeNull();
      expect(await pages.legacyRedirectFor(ctx('/?p=4', { lang: 'ko' }, { lang: 'ko', p: '4' }), 'ko')).toBeNull();
    } finally {
      g.__manifoldDb = saved;
    }
  });

  it('manage redirects: add, pattern and remove; hostile paths refused naming the value', async () => {
    await db.post.createMany({ data: [{ title: 'A', slug: 'a' }, { title: '한글', slug: '한글-글' }] });
    expect(await addRedirect(db, '/old/a/', 'a')).toBe(true);
    expect(await addRedirect(db, '/old/a', 'a')).toBe(false);
    await expect(addRedirect(db, '/old/a', '한글-글')).rejects.toThrow('"/old/a" already leads to post "a"; remove it first');
    for (const bad of ['https://evil.example/x', '//evil.example/x', '/a//b', '/a\\b', '/a\u0000b', `/${'x'.repeat(501)}`, '/', '/%zz']) {
      await expect(addRedirect(db, bad, 'a'), bad).rejects.toThrow(/legacy path ".*"/);
    }
    const dry = await addPatternRedirects(db, '/blog/{slug}/', { dryRun: true });
    expect(dry.added.map((a) => a.path)).toEqual(['/blog/a', '/blog/한글-글']);
    expect(await db.legacyPath.count()).toBe(1);
    await addPatternRedirects(db, '/blog/{slug}/');
    expect((await addPatternRedirects(db, '/blog/{slug}/')).already).toBe(2);
    await expect(addPatternRedirects(db, '/blog/')).rejects.toThrow('must hold {slug}');
    expect((await db.legacyPath.findMany({ orderBy: { path: 'asc' } })).map((r) => [r.path, r.source])).toEqual([['/blog/a', 'pattern'], ['/blog/한글-글', 'pattern'], ['/old/a', 'manual']]);
  });

  // One spawn is enough to prove the wiring (the core is tested in-process on both databases above): registered on
  // SQLite only, so the PostgreSQL run shows no skipped test.
  if (provider === 'sqlite') it('`manage import wordpress` wires parser, core and report (one spawn: a dry run writes nothing)', async () => {
    const fixture = new URL('./fixtures/imports/wordpress.xml', import.meta.url).pathname;
    const r = await manage(['import', 'wordpress', fixture, '--dry-run', '--time-zone', 'Asia/Seoul'], { env: { DATABASE_URL: t.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}would create post {7}\S+/m);
    expect(r.stdout).toMatch(/^Dry run, nothing written\. .*post: 3 to create/m);
    expect(await db.post.count()).toBe(0);
  });
});

describe('legacy path normal form', () => {
  it('keeps only the path, decoded, without a trailing slash, and WordPress ?p= / ?page_id=', () => {
    expect(normaliseLegacyPath('/2020/02/16/%EA%B8%80/?utm_source=x#top')).toBe('/2020/02/16/글');
    expect(normaliseLegacyPath('/?p=123&utm=1')).toBe('/?p=123');
    expect(normaliseLegacyPath('/index.php?page_id=45')).toBe('/index.php?page_id=45');
    expect(normaliseLegacyPath('entry/제목')).toBe('/entry/제목');
    expect(() => normaliseLegacyPath('/?p=abc')).toThrow('is the home page itself');
    expect(() => normaliseLegacyPath('javascript:alert(1)')).toThrow('must be a path on this site');
    expect(() => normaliseLegacyPath('/a%2F%2Fb')).toThrow('decodes to a control character, // or \\');
  });
});

describe('the import and redirects groups in the manage runner', () => {
  it('runs a group command bare or under the app, and a bare group name lists its subcommands (exit 2)', async () => {
    const { runManage } = await import('../../../lib/manage/index');
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runManage(argv, { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const bare = await run(['import', 'wordpress', '--help']);
    expect(bare.code).toBe(0);
    expect(bare.out).toMatch(/^Usage: manage import wordpress /);
    expect(bare.out).toContain('--pages-as-posts');
    expect((await run(['blog', 'redirects', 'pattern', '--help'])).out).toMatch(/^Usage: manage blog redirects pattern /);
    expect(await run(['redirects'])).toEqual({ code: 2, out: '', err: 'Error: "redirects" needs a subcommand: list, add, remove, pattern' });
    const missing = await run(['import', 'wordpress', '/no/such/export.xml']);
    expect([missing.code, missing.err]).toEqual([2, 'Error: /no/such/export.xml: no such file']);
  });
});
