// The admin's data layer on a real SQLite file and a real PostgreSQL database: the registry of the blog's models,
// change lists, forms, saving (validation, locking, the post compiler, the publish permission), deletes with their
// dependents, bulk actions, the action log, and a refusal for every function a user without the permission calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { PageCache } from '../../../lib/server/page-cache.mjs';
import type { CurrentUser } from '../../accounts/auth';
import * as admin from '../core';
import { fromLocal } from '../core/tz';

type Perm = string;
const user = (id: number, perms: Perm[], extra: Partial<CurrentUser> = {}): CurrentUser => ({
  id,
  email: `u${id}@example.com`,
  name: `User ${id}`,
  isActive: true,
  isStaff: true,
  isSuperuser: false,
  groups: [],
  permissions: new Set(perms),
  ...extra,
});

const BLOG_ALL = ['view', 'add', 'change', 'delete'].flatMap((a) => ['post', 'category', 'tag'].map((m) => `blog.${a}_${m}`));
const form = (entries: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
};

async function empty(db: Db) {
  await db.logEntry.deleteMany();
  await db.post.deleteMany();
  await db.tag.deleteMany();
  await db.category.updateMany({ data: { parentId: null } });
  await db.category.deleteMany();
  await db.user.deleteMany();
}

describe.each(PROVIDERS)('admin core on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let editor: CurrentUser;
  let author: CurrentUser;
  let other: CurrentUser;
  let nobody: CurrentUser;
  let ids: { dl: number; opt: number; py: number; tagGd: number; tagPy: number };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    admin.setAdminDatabase(db);
  });
  afterAll(async () => {
    admin.setAdminDatabase(null);
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(async () => {
    await empty(db);
    const mk = (email: string) => db.user.create({ data: { email, name: email.split('@')[0], isStaff: true } });
    const [e, a, o, n] = [await mk('editor@example.com'), await mk('author@example.com'), await mk('other@example.com'), await mk('nobody@example.com')];
    editor = user(e.id, [...BLOG_ALL, 'blog.publish_post']);
    author = user(a.id, ['blog.add_post', 'blog.view_own_post', 'blog.change_own_post', 'blog.delete_own_post', 'blog.view_category', 'blog.view_tag']);
    other = user(o.id, ['blog.add_post', 'blog.view_own_post', 'blog.change_own_post']);
    nobody = user(n.id, []);
    const dl = await db.category.create({ data: { name: '딥러닝', slug: '딥러닝', order: 1 } });
    const opt = await db.category.create({ data: { name: '최적화', slug: '최적화', parentId: dl.id } });
    const py = await db.category.create({ data: { name: 'python', slug: 'python', order: 2 } });
    const tagGd = await db.tag.create({ data: { name: '경사하강법', slug: '경사하강법' } });
    const tagPy = await db.tag.create({ data: { name: 'Python', slug: 'python' } });
    ids = { dl: dl.id, opt: opt.id, py: py.id, tagGd: tagGd.id, tagPy: tagPy.id };
    // 30 posts over 2019–2021: author owns the even ones.
    for (let i = 0; i < 30; i++) {
      const year = 2019 + (i % 3);
      await db.post.create({
        data: {
          title: i === 7 ? 'Gradient Descent 이해' : `글 ${String(i).padStart(2, '0')}`,
          slug: `post-${i}`,
          excerpt: i === 8 ? 'about GRADIENTS' : '',
          status: i % 5 === 0 ? 'draft' : 'published',
          publishedAt: fromLocal(year, (i % 12) + 1, 10, 9, 0),
          categoryId: i % 2 ? opt.id : py.id,
          authorId: i % 2 === 0 ? a.id : e.id,
          tags: i % 3 === 0 ? { connect: [{ id: tagGd.id }] } : undefined,
        },
      });
    }
  });

  const post = async () => (await admin.getModelAdmin('blog', 'post'))!;

  it('introspects the real models: types, choices, defaults, relations, locking, owner', async () => {
    const site = await admin.adminSite();
    expect(site.models.map((m) => m.slug)).toEqual(expect.arrayContaining(['blog/post', 'blog/category', 'blog/tag']));
    const ma = await post();
    const f = (n: string) => ma.fields.find((x) => x.name === n)!;
    expect(f('status')).toMatchObject({ choices: ['draft', 'published', 'scheduled'], widget: 'select', defaultValue: 'draft', isRequired: true });
    expect(f('source')).toMatchObject({ widget: 'textarea', longText: true });
    expect(f('title')).toMatchObject({ widget: 'text', isRequired: true, hasDefault: false });
    expect(f('slug').isUnique).toBe(true);
    expect(f('publishedAt')).toMatchObject({ widget: 'datetime', isRequired: false });
    expect(f('updatedAt').isUpdatedAt).toBe(true);
    expect(f('version').isVersion).toBe(true);
    expect(f('compiledCode').derived).toBe(true);
    expect(f('authorId').isForeignKeyColumn).toBe(true);
    expect(f('author').relation).toMatchObject({ kind: 'fk', target: 'User', fields: ['authorId'], onDelete: 'SetNull' });
    expect(f('tags').relation).toMatchObject({ kind: 'm2m', target: 'Tag' });
    expect(f('readingMinutes').widget).toBe('number');
    expect(ma).toMatchObject({ hasVersion: true, owner: { relation: 'author', column: 'authorId' }, perms: { change: 'blog.change_post' } });
    const cat = (await admin.getModelAdmin('blog', 'category'))!;
    expect(cat.fields.find((x) => x.name === 'children')!.relation).toMatchObject({ kind: 'reverse', target: 'Category', fields: ['parentId'], onDelete: 'SetNull' });
    expect(await admin.getModelAdmin('blog', 'nope')).toBeNull();
    // The registered options are of the kinds they must be (ownerField a relation to User, actions implemented, …).
    const { adminChecks } = await import('../core/checks');
    expect(await adminChecks()).toEqual([]);
  });

  it('change list: columns, default ordering, pagination with a total', async () => {
    const ma = await post();
    const cl = await admin.changeList(editor, ma, new URLSearchParams());
    expect(cl.columns.map((c) => c.name)).toEqual(['title', 'status', 'category', 'author', 'publishedAt', 'updatedAt', 'compiles()']);
    expect(cl.total).toBe(30);
    expect(cl.rows).toHaveLength(30);
    const dates = cl.rows.map((r) => r.cells[4].value as string);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(cl.rows[0].cells[2].text).toMatch(/최적화|python/);
    expect(cl.rows[0].cells[3].text).toMatch(/@example.com|editor|author/);
    // The computed column (blog's admin hooks: compiles()): a post whose latest source failed to compile says no.
    expect(cl.columns[6]).toMatchObject({ label: '컴파일', sortable: false, sortQuery: null });
    expect(new Set(cl.rows.map((r) => JSON.stringify(r.cells[6])))).toEqual(new Set([JSON.stringify({ kind: 'boolean', text: '예', value: true })]));
    const broken = await db.post.findFirstOrThrow({ where: { slug: 'post-3' } });
    await db.post.update({ where: { id: broken.id }, data: { compileError: '3:1 <Nope /> is not an embed' } });
    const marked = await admin.changeList(editor, ma, new URLSearchParams('q=글 03'), { lang: 'en' });
    expect(marked.columns[6].label).toBe('Compiles');
    expect(marked.rows.map((r) => [r.cells[0].text, r.cells[6]])).toEqual([['글 03', { kind: 'boolean', text: 'No', value: false }]]);
    expect((await admin.changeList(editor, ma, new URLSearchParams('o=compiles()'))).messages.join()).toMatch(/o/);
    await db.post.update({ where: { id: broken.id }, data: { compileError: null } });
    // A smaller page through listPerPage: the registry entry is the real one, so page through p on a 50-row page.
    const p2 = await admin.changeList(editor, ma, new URLSearchParams('p=2'));
    expect(p2.page).toBe(1);
    expect(p2.messages.join()).toMatch(/p/);
    // 50 a page (the default): 80 posts are two pages, the second holding the oldest 30, every row once.
    await db.post.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ title: `추가 ${i}`, slug: `extra-${i}`, publishedAt: fromLocal(2018, 1, 1 + (i % 28)) })) });
    const first = await admin.changeList(editor, ma, new URLSearchParams('o=title'));
    expect([first.total, first.pages, first.rows.length]).toEqual([80, 2, 50]);
    expect(first.pageLinks.map((l) => l && [l.page, l.query, l.current])).toEqual([[1, '?o=title', true], [2, '?o=title&p=2', false]]);
    const second = await admin.changeList(editor, ma, new URLSearchParams('o=title&p=2'));
    expect(second.rows.length).toBe(30);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(80);
    expect(second.query).toBe('?o=title&p=2');
  });

  it('sorts by any shown column, both ways, including a related column', async () => {
    const ma = await post();
    const asc = await admin.changeList(editor, ma, new URLSearchParams('o=title'));
    const titles = asc.rows.map((r) => r.cells[0].text);
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const desc = await admin.changeList(editor, ma, new URLSearchParams('o=-title'));
    expect(desc.rows.map((r) => r.cells[0].text)).toEqual([...titles].reverse());
    expect(asc.columns[0]).toMatchObject({ sorted: 'asc', sortQuery: '?o=-title' });
    const byCat = await admin.changeList(editor, ma, new URLSearchParams('o=category'));
    const cats = byCat.rows.map((r) => r.cells[2].text);
    expect(cats).toEqual([...cats].sort());
    const bad = await admin.changeList(editor, ma, new URLSearchParams('o=passwordHash'));
    expect(bad.messages.length).toBe(1);
    expect(bad.total).toBe(30);
  });

  it('filters by choices, foreign key, many-to-many and dates; the filter links are URL state', async () => {
    const ma = await post();
    const drafts = await admin.changeList(editor, ma, new URLSearchParams('status=draft'));
    expect(drafts.total).toBe(6);
    expect(drafts.query).toBe('?status=draft');
    const statusFilter = drafts.filters.find((f) => f.field === 'status')!;
    expect(statusFilter).toMatchObject({ label: '상태' });
    expect(statusFilter.choices.find((c) => c.selected)!.label).toBe('초안');
    expect(drafts.rows[0].cells[1].text).toBe('초안');
    const en = await admin.changeList(editor, ma, new URLSearchParams('status=draft'), { lang: 'en' });
    expect([en.columns[0].label, en.rows[0].cells[1].text]).toEqual(['Title', 'Draft']);
    const byCat = await admin.changeList(editor, ma, new URLSearchParams(`category=${ids.opt}`));
    expect(byCat.total).toBe(15);
    const catFilter = byCat.filters.find((f) => f.field === 'category')!;
    expect(catFilter.choices.map((c) => c.label)).toEqual(expect.arrayContaining(['딥러닝', '최적화', 'python']));
    const byTag = await admin.changeList(editor, ma, new URLSearchParams(`tags=${ids.tagGd}`));
    expect(byTag.total).toBe(10);
    const both = await admin.changeList(editor, ma, new URLSearchParams(`tags=${ids.tagGd}&status=draft`));
    expect(both.total).toBe(2); // i = 0, 15
    // A post published a minute ago is in "today" and "past 7 days"; none of the seeded ones is.
    // A minute ago, or half the time since midnight in Seoul when that is shorter (the test may run just after it).
    const seoul = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date()).split(':').map(Number);
    const sinceMidnight = ((seoul[0] * 60 + seoul[1]) * 60 + seoul[2]) * 1000;
    await db.post.create({ data: { title: '오늘', slug: 'today', status: 'published', publishedAt: new Date(Date.now() - Math.min(60_000, sinceMidnight / 2)) } });
    expect((await admin.changeList(editor, ma, new URLSearchParams('publishedAt=today'))).total).toBe(1);
    expect((await admin.changeList(editor, ma, new URLSearchParams('publishedAt=7d'))).total).toBe(1);
    expect((await admin.changeList(editor, ma, new URLSearchParams('publishedAt=year'))).total).toBe(1);
    // Nonsense is dropped with a message, never thrown.
    const junk = await admin.changeList(editor, ma, new URLSearchParams('status=gone&category=abc&tags=1e9x&publishedAt=soon&evil=1&p=-3&year=99999'));
    expect(junk.total).toBe(31);
    expect(junk.messages.length).toBeGreaterThanOrEqual(6);
  });

  it('hostile parameters and form values are refused or ignored, never thrown', async () => {
    const ma = await post();
    const params = new URLSearchParams();
    params.append('o', `${'title,'.repeat(500)}-status`);
    params.append('q', 'x'.repeat(10_000));
    params.append('p', '99999999999');
    params.append('category', '1'.repeat(40));
    params.append('status', 'draft');
    params.append('status', 'published');
    const cl = await admin.changeList(editor, ma, params);
    expect(cl.page).toBe(1);
    expect(cl.query).toMatch(/^\?status=draft&q=x{200}&o=title$/);
    const f = new FormData();
    f.append('title', new Blob(['x']), 'x.txt');
    f.append('slug', 'ok-slug');
    f.append('status', 'draft');
    f.append('readingMinutes', '99999999999999999999');
    f.append('category', '1 OR 1=1');
    f.append('tags', 'abc');
    f.append('children-TOTAL_FORMS', '99999');
    const r = await admin.saveObject(editor, ma, null, f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['category', 'tags', 'title']);
    await expect(admin.loadObject(editor, ma, '../../etc')).resolves.toBeNull();
    expect(await admin.saveObject(editor, ma, '1e3', form({ title: 'x' }))).toMatchObject({ ok: false, form: null, nonFieldErrors: [expect.stringMatching(/삭제/)] });
  });

  it('searches title, excerpt and slug case-insensitively, every word', async () => {
    const ma = await post();
    const r = await admin.changeList(editor, ma, new URLSearchParams('q=gradient'));
    expect(r.rows.map((x) => x.cells[0].text).sort()).toEqual(['Gradient Descent 이해', '글 08']);
    expect((await admin.changeList(editor, ma, new URLSearchParams('q=GRADIENT 이해'))).total).toBe(1);
    expect((await admin.changeList(editor, ma, new URLSearchParams('q=post-2'))).total).toBe(11); // post-2, post-20…29
    expect((await admin.changeList(editor, ma, new URLSearchParams(`q=${encodeURIComponent("%' OR 1=1 --")}`))).total).toBe(0);
  });

  it('date hierarchy: years with rows, then months, then days, in the site time zone', async () => {
    const ma = await post();
    const top = await admin.changeList(editor, ma, new URLSearchParams());
    expect(top.dateHierarchy!.choices.map((c) => c.label)).toEqual(['2021년', '2020년', '2019년']);
    const y = await admin.changeList(editor, ma, new URLSearchParams('year=2020'));
    expect(y.total).toBe(10);
    expect(y.dateHierarchy!.choices.map((c) => c.label)).toEqual(['2월', '5월', '8월', '11월']);
    const m = await admin.changeList(editor, ma, new URLSearchParams('year=2020&month=2'));
    expect(m.dateHierarchy!.choices.map((c) => c.label)).toEqual(['10일']);
    expect(m.dateHierarchy!.crumbs.map((c) => c.query)).toEqual(['', '?year=2020', '?year=2020&month=2']);
    // 10th 09:00 in Seoul is 00:00 UTC: the day is Seoul's.
    expect((await admin.changeList(editor, ma, new URLSearchParams('year=2020&month=2&day=10'))).total).toBe(3);
    expect((await admin.changeList(editor, ma, new URLSearchParams('year=2020&month=2&day=31'))).messages.length).toBe(1);
  });

  it('an owner-limited user lists, opens and changes only their own rows; a new row is theirs', async () => {
    const ma = await post();
    const cl = await admin.changeList(author, ma, new URLSearchParams());
    expect(cl.total).toBe(15);
    expect(cl.access.ownOnly).toBe(true);
    expect(cl.actions.map((a) => a.name)).toEqual(['delete_selected']);
    const theirs = await db.post.findFirstOrThrow({ where: { authorId: editor.id } });
    await expect(admin.loadObject(author, ma, String(theirs.id))).rejects.toBeInstanceOf(admin.PermissionDenied);
    await expect(admin.saveObject(author, ma, String(theirs.id), form({ title: 'x', slug: 'x', _version: '1' }))).rejects.toBeInstanceOf(admin.PermissionDenied);
    const mine = await db.post.findFirstOrThrow({ where: { authorId: author.id } });
    const spec = await admin.formSpec(author, ma, await admin.loadObject(author, ma, String(mine.id)));
    const names = spec.fieldsets.flatMap((s) => s.fields).filter((f) => !f.readonly).map((f) => f.name);
    expect(names).not.toContain('author');
    const added = await admin.saveObject(author, ma, null, form({ title: '경사하강법 이해', slug: '경사하강법-이해', status: 'draft', source: '# 안녕' }));
    expect(added.ok).toBe(true);
    const row = await db.post.findUniqueOrThrow({ where: { slug: '경사하강법-이해' } });
    expect(row.authorId).toBe(author.id);
    expect(admin.slugify('경사하강법 이해')).toBe('경사하강법-이해');
  });

  it('refuses invalid input beside each field and keeps what was typed', async () => {
    const ma = await post();
    const r = await admin.saveObject(editor, ma, null, form({ title: '  ', slug: 'post-1', status: 'bogus', publishedAt: '2020-02-30T10:00', category: '999999', tags: [String(ids.tagGd), '999999'] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['category', 'publishedAt', 'slug', 'status', 'tags', 'title'].sort());
    expect(r.form!.fieldsets.flatMap((s) => s.fields).find((f) => f.name === 'publishedAt')!.value).toBe('2020-02-30T10:00');
    const dup = await admin.saveObject(editor, ma, null, form({ title: 'T', slug: 'post-1', status: 'draft' }));
    expect(dup.ok === false && dup.errors.slug?.[0]).toMatch(/이미/);
    const ok = await admin.saveObject(editor, ma, null, form({ title: 'T', slug: 't-1', status: 'draft', publishedAt: '2020-02-16T09:30', category: String(ids.opt), tags: [String(ids.tagGd), String(ids.tagPy)] }));
    expect(ok.ok).toBe(true);
    const row = await db.post.findUniqueOrThrow({ where: { slug: 't-1' }, include: { tags: true } });
    expect(row.publishedAt!.toISOString()).toBe('2020-02-16T00:30:00.000Z');
    expect(row.tags.map((t) => t.id).sort()).toEqual([ids.tagGd, ids.tagPy].sort());
    expect(row.authorId).toBe(editor.id);
  });

  it('optimistic locking: a stale save is refused with their values and mine', async () => {
    const ma = await post();
    const p = await db.post.findUniqueOrThrow({ where: { slug: 'post-1' } });
    const base = { slug: 'post-1', status: 'published', _version: String(p.version) };
    const first = await admin.saveObject(editor, ma, String(p.id), form({ ...base, title: '내가 먼저' }));
    expect(first.ok).toBe(true);
    expect((await db.post.findUniqueOrThrow({ where: { id: p.id } })).version).toBe(p.version + 1);
    const stale = await admin.saveObject(editor, ma, String(p.id), form({ ...base, title: '늦은 저장' }));
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.conflict).toMatchObject({ theirs: { title: '내가 먼저' }, yours: { title: '늦은 저장' }, version: p.version + 1 });
    expect(stale.conflict!.changed).toContain('title');
    expect(stale.form!.version).toBe(p.version + 1);
    expect((await db.post.findUniqueOrThrow({ where: { id: p.id } })).title).toBe('내가 먼저');
    const broken = await admin.saveObject(editor, ma, String(p.id), form({ ...base, _version: 'x', title: 'y' }));
    expect(broken.ok).toBe(false);
  });

  it('saving a post compiles it, and a source that does not compile is refused with its line and column', async () => {
    const ma = await post();
    const ok = await admin.saveObject(editor, ma, null, form({ title: '수식', slug: 'math', status: 'draft', source: '## 경사하강법\n\n본문 GRADIENT\n\n$$\\theta \\leftarrow \\theta - \\eta \\nabla L$$' }));
    expect(ok.ok).toBe(true);
    const row = await db.post.findUniqueOrThrow({ where: { slug: 'math' } });
    expect(row.compiledCode).toMatch(/katex/);
    expect(JSON.parse(row.toc)[0].text).toBe('경사하강법');
    expect(row.searchText).toContain('본문 GRADIENT'); // as written: search folds case itself, snippets show the author's
    expect(row.excerpt).toContain('본문');
    const bad = await admin.saveObject(editor, ma, String(row.id), form({ title: '수식', slug: 'math', status: 'draft', _version: String(row.version), source: 'ok\n\n<script>alert(1)</script>' }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.source[0]).toMatch(/line 3, column 1/);
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'math' } })).source).not.toContain('script');
  });

  it('only a publisher may publish or schedule; the publish action needs blog.publish_post', async () => {
    const ma = await post();
    const r = await admin.saveObject(author, ma, null, form({ title: 'A', slug: 'a', status: 'published' }));
    expect(r.ok === false && r.errors.status?.[0]).toMatch(/publish_post/);
    const ok = await admin.saveObject(editor, ma, null, form({ title: 'B', slug: 'b', status: 'published' }));
    expect(ok.ok).toBe(true);
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'b' } })).publishedAt).not.toBeNull();
    const mine = await db.post.findFirstOrThrow({ where: { authorId: author.id, status: 'draft' } });
    await expect(admin.runAction(author, ma, 'publish', [String(mine.id)])).rejects.toBeInstanceOf(admin.PermissionDenied);
  });

  it('publish and unpublish actions change the rows, log them and clear the page cache', async () => {
    const ma = await post();
    const drafts = await db.post.findMany({ where: { status: 'draft' } });
    const cache = new PageCache({ maxBytes: 1 << 20 });
    cache.consider('/', { status: 200, headers: { 'content-type': 'text/html', 'cache-control': 'public, s-maxage=60' }, body: Buffer.from('<p>old</p>') });
    const g = globalThis as { __manifoldPageCache?: PageCache };
    g.__manifoldPageCache = cache;
    try {
      const res = await admin.runAction(editor, ma, 'publish', drafts.map((d) => String(d.id)));
      expect(res.count).toBe(6);
      expect(cache.entries.size).toBe(0);
    } finally {
      delete g.__manifoldPageCache;
    }
    expect(await db.post.count({ where: { status: 'draft' } })).toBe(0);
    await admin.runAction(editor, ma, 'unpublish', [String(drafts[0].id)]);
    expect((await db.post.findUniqueOrThrow({ where: { id: drafts[0].id } })).status).toBe('draft');
    const h = await admin.history(editor, ma, String(drafts[0].id));
    expect(h.map((e) => e.actionName)).toEqual(['unpublish', 'publish']);
    await expect(admin.runAction(editor, ma, 'explode', [String(drafts[0].id)])).rejects.toBeInstanceOf(admin.PermissionDenied);
  });

  it('delete preview lists the objects, rows detached from them and rows deleted with them', async () => {
    const cat = (await admin.getModelAdmin('blog', 'category'))!;
    const preview = await admin.deletePreview(editor, cat, [String(ids.dl), 'nope', '99999']);
    expect(preview.objects.map((o) => o.repr)).toEqual(['딥러닝']);
    expect(preview.missing.sort()).toEqual(['99999', 'nope']);
    const children = preview.dependents.find((d) => d.via === 'Category.children')!;
    expect(children).toMatchObject({ effect: 'detach', count: 1, rows: [{ repr: '최적화' }] });
    const optPreview = await admin.deletePreview(editor, cat, [String(ids.opt)]);
    expect(optPreview.dependents.find((d) => d.via === 'Category.posts')).toMatchObject({ effect: 'detach', count: 15 });
    const tag = (await admin.getModelAdmin('blog', 'tag'))!;
    const tagPreview = await admin.deletePreview(editor, tag, [String(ids.tagGd)]);
    expect(tagPreview.dependents[0]).toMatchObject({ model: 'Post', effect: 'detach', count: 10 });
    const detached = (await db.post.findMany({ where: { categoryId: ids.opt }, select: { id: true } })).map((p) => p.id).sort((a, b) => a - b);
    const stampBefore = new Date();
    const res = await admin.deleteObjects(editor, cat, [String(ids.opt)]);
    expect(res.deleted).toBe(1);
    expect(await db.post.count({ where: { categoryId: null } })).toBe(15);
    // The blog's beforeDelete named the posts the SetNull was about to change; its afterDelete marked exactly those.
    const marked = await db.post.findMany({ where: { updatedAt: { gt: stampBefore } }, select: { id: true } });
    expect(marked.map((p) => p.id).sort((a, b) => a - b)).toEqual(detached);
    const log = await admin.recentActions(editor, 5);
    expect(log[0]).toMatchObject({ action: 'delete', objectRepr: '최적화', link: null });
  });

  it('an owner-limited user deletes only their own rows', async () => {
    const ma = await post();
    const all = await db.post.findMany();
    const res = await admin.deleteObjects(author, ma, all.map((p) => String(p.id)));
    expect(res.deleted).toBe(15);
    expect(await db.post.count({ where: { authorId: editor.id } })).toBe(15);
  });

  it('logs add and change with the changed fields; history and recent actions read them', async () => {
    const ma = await post();
    const added = await admin.saveObject(editor, ma, null, form({ title: 'Log', slug: 'log', status: 'draft' }));
    if (!added.ok) throw new Error(JSON.stringify(added.errors));
    const row = await db.post.findUniqueOrThrow({ where: { slug: 'log' } });
    const changed = await admin.saveObject(editor, ma, added.id, form({ title: 'Log 2', slug: 'log', status: 'draft', excerpt: '요약', _version: String(row.version) }));
    expect(changed.ok).toBe(true);
    const h = await admin.history(editor, ma, added.id, { lang: 'en' });
    expect(h.map((e) => e.action)).toEqual(['change', 'add']);
    expect(h[0].changed.sort()).toEqual(['excerpt', 'title']);
    expect(h[0].message).toBe('Changed title and excerpt.');
    expect(h[0].link).toBe(`blog/post/${added.id}`);
    const recent = await admin.recentActions(editor, 10);
    expect(recent[0]).toMatchObject({ objectRepr: 'Log 2', userEmail: editor.email });
    expect(await admin.recentActions(author, 10)).toEqual([]);
  });

  it('a category saves its inline children; the dashboard counts follow admin writes', async () => {
    const cat = (await admin.getModelAdmin('blog', 'category'))!;
    const before = await admin.dashboard(editor);
    const count = (d: typeof before) => d.apps.find((a) => a.label === 'blog')!.models.find((m) => m.model.model === 'Category')!.count;
    expect(count(before)).toBe(3);
    const spec = await admin.formSpec(editor, cat, null);
    expect(spec.inlines[0]).toMatchObject({ field: 'children', prefix: 'children' });
    expect(spec.prepopulated).toEqual({ slug: ['name'] });
    const r = await admin.saveObject(
      editor,
      cat,
      null,
      form({ name: '강화학습', slug: '강화학습', description: '', order: '3', 'children-TOTAL_FORMS': '2', 'children-0-name': 'DQN', 'children-0-slug': 'dqn', 'children-0-order': '0', 'children-1-name': '', 'children-1-slug': '', 'children-1-order': '0' }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((await db.category.findMany({ where: { parentId: Number(r.id) } })).map((c) => c.name)).toEqual(['DQN']);
    expect(count(await admin.dashboard(editor))).toBe(5);
    const dupChild = await admin.saveObject(editor, cat, r.id, form({ name: '강화학습', slug: '강화학습', order: '3', 'children-TOTAL_FORMS': '1', 'children-0-name': 'X', 'children-0-slug': 'python', 'children-0-order': '0' }));
    expect(dupChild.ok === false && Object.keys(dupChild.errors)).toEqual(['children-0-slug']);
  });

  it('builds the post form: widgets per type, local times, fieldsets, read-only derived fields, prepopulated slug', async () => {
    const ma = await post();
    const p = await db.post.findUniqueOrThrow({ where: { slug: 'post-1' } });
    const spec = await admin.formSpec(editor, ma, await admin.loadObject(editor, ma, String(p.id)));
    const fields = Object.fromEntries(spec.fieldsets.flatMap((s) => s.fields).map((f) => [f.name, f]));
    expect(spec.fieldsets.map((s) => s.title)).toEqual([null, '본문', 'SEO', '컴파일 결과']);
    expect(fields.status).toMatchObject({ label: '상태', widget: 'select', value: 'published', choices: [{ value: 'draft', label: '초안' }, { value: 'published' }, { value: 'scheduled' }] });
    expect(fields.source.widget).toBe('textarea');
    expect(fields.publishedAt).toMatchObject({ widget: 'datetime', value: '2020-02-10T09:00' });
    expect(fields.category).toMatchObject({ widget: 'fk-select', value: String(ids.opt) });
    expect(fields.category.choices!.map((c) => c.label)).toEqual(['—', 'python', '딥러닝', '최적화']);
    expect(fields.tags).toMatchObject({ widget: 'm2m-select', value: [] });
    expect(fields.author).toMatchObject({ widget: 'autocomplete', value: String(editor.id), autocomplete: { app: 'blog', model: 'post', field: 'author' } });
    expect(fields.author.choices).toEqual([{ value: '', label: '—' }, { value: String(editor.id), label: 'editor' }]);
    for (const name of ['compiledCode', 'toc', 'searchText', 'readingMinutes', 'updatedAt']) expect(fields[name].readonly, name).toBe(true);
    expect(spec).toMatchObject({ version: p.version, prepopulated: { slug: ['title'] }, timeZone: 'Asia/Seoul', readonly: false });
    const add = await admin.formSpec(editor, ma, null);
    const addFields = Object.fromEntries(add.fieldsets.flatMap((s) => s.fields).map((f) => [f.name, f]));
    expect(addFields.status.value).toBe('draft');
    expect(addFields.author.value).toBe(String(editor.id));
    expect(addFields.compiledCode).toBeUndefined();
    // The category and tag lists work from the same registry.
    const cat = (await admin.getModelAdmin('blog', 'category'))!;
    const cl = await admin.changeList(editor, cat, new URLSearchParams(`parent=${ids.dl}`));
    expect(cl.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['최적화', '최적화', '딥러닝', '0']]);
    const tag = (await admin.getModelAdmin('blog', 'tag'))!;
    expect((await admin.changeList(editor, tag, new URLSearchParams('q=PYTHON'))).rows.map((r) => r.repr)).toEqual(['Python']);
  });

  it("accounts' User form: the password is set through the extra field and hashed, never taken as a hash", async () => {
    const um = (await admin.getModelAdmin('accounts', 'user'))!;
    const root = user(editor.id, [], { isSuperuser: true });
    const spec = await admin.formSpec(root, um, null);
    const fields = Object.fromEntries(spec.fieldsets.flatMap((s) => s.fields).map((f) => [f.name, f]));
    expect(fields.password).toMatchObject({ widget: 'password', value: '', required: false });
    expect(fields.passwordHash).toBeUndefined();
    const weak = await admin.saveObject(root, um, null, form({ email: 'weak@example.com', name: 'W', isActive: 'on', password: 'short' }));
    expect(weak.ok === false && weak.errors.password?.length).toBeTruthy();
    if (!weak.ok) expect(Object.fromEntries(weak.form!.fieldsets.flatMap((s) => s.fields).map((f) => [f.name, f.value])).password).toBe('');
    const ok = await admin.saveObject(root, um, null, form({ email: 'new@example.com', name: 'N', isActive: 'on', password: 'correct horse battery staple', passwordHash: 'planted' }));
    expect(ok.ok).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { email: 'new@example.com' } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(admin.changeList(editor, um, new URLSearchParams())).rejects.toBeInstanceOf(admin.PermissionDenied);
  });

  it('autocomplete finds related rows by name for someone who may edit', async () => {
    const ma = await post();
    const res = await admin.autocomplete(editor, ma, 'author', 'AUTHOR');
    expect(res.results.map((x) => x.text)).toEqual(['author']);
    await expect(admin.autocomplete(author, ma, 'author', '')).rejects.toBeInstanceOf(admin.PermissionDenied);
    expect((await admin.autocomplete(editor, ma, 'title', 'x')).results).toEqual([]);
  });

  it('refuses every function to a user without the permission, and to someone who is not active staff', async () => {
    const ma = await post();
    const p = await db.post.findFirstOrThrow();
    const id = String(p.id);
    const calls: [string, (u: CurrentUser) => Promise<unknown>][] = [
      ['changeList', (u) => admin.changeList(u, ma, new URLSearchParams())],
      ['formSpec add', (u) => admin.formSpec(u, ma, null)],
      ['loadObject', (u) => admin.loadObject(u, ma, id)],
      ['saveObject add', (u) => admin.saveObject(u, ma, null, form({ title: 'x', slug: 'x' }))],
      ['saveObject change', (u) => admin.saveObject(u, ma, id, form({ title: 'x', slug: 'x', _version: String(p.version) }))],
      ['deletePreview', (u) => admin.deletePreview(u, ma, [id])],
      ['deleteObjects', (u) => admin.deleteObjects(u, ma, [id])],
      ['runAction', (u) => admin.runAction(u, ma, 'publish', [id])],
      ['history', (u) => admin.history(u, ma, id)],
      ['autocomplete', (u) => admin.autocomplete(u, ma, 'category', '')],
    ];
    for (const [name, call] of calls) {
      await expect(call(nobody), name).rejects.toBeInstanceOf(admin.PermissionDenied);
      await expect(call({ ...editor, isStaff: false }), `${name} (not staff)`).rejects.toBeInstanceOf(admin.PermissionDenied);
      await expect(call({ ...editor, isActive: false }), `${name} (inactive)`).rejects.toBeInstanceOf(admin.PermissionDenied);
    }
    await expect(admin.dashboard({ ...editor, isStaff: false })).rejects.toBeInstanceOf(admin.PermissionDenied);
    await expect(admin.recentActions({ ...editor, isStaff: false })).rejects.toBeInstanceOf(admin.PermissionDenied);
    expect((await admin.dashboard(nobody)).apps).toEqual([]);
    // The other author may not touch the first author's post through any path.
    const authorsPost = await db.post.findFirstOrThrow({ where: { authorId: author.id } });
    await expect(admin.deleteObjects(other, ma, [String(authorsPost.id)])).rejects.toBeInstanceOf(admin.PermissionDenied);
    await expect(admin.history(other, ma, String(authorsPost.id))).rejects.toBeInstanceOf(admin.PermissionDenied);
    expect((await db.post.count())).toBe(30);
  });
});
