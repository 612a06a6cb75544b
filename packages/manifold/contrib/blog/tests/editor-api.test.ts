// The post editor's server on a real SQLite file and a real PostgreSQL database, through its endpoints as the admin
// serves them (nextRoute with the admin's permission check, real Requests): creating a draft, autosave into the draft
// only, save under the version lock (a second save from the same version is a 409 with the other side), publishing
// and its permission, scheduling, the redirect from a published post's old slug, revisions and restore, tags, slugs,
// and loadEditorData. Users are real rows with the built-in groups' permissions as migrate made them.
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { hasPerm, PermissionDenied, type CurrentUser } from '../../accounts/auth';
import { setAdminDatabase } from '../../admin/core/db';
import { CompilePool } from '../../../lib/mdx/pool';
import { editorEndpointsFor } from '../editor/api';
import { loadEditorData } from '../editor/data';
import { getRevision, listRevisions } from '../editor/revisions';
import type { ConflictBody, EditorData, EditorFields, SaveResult, ValidationBody } from '../editor/types';

/**
 * What the editor adds to the built-in groups (the lead's post-migrate on main gives them): given here too, so this
 * test reads the same before and after that merge.
 */
const EDITOR_ADDS: Record<string, string[]> = {
  Author: ['blog.add_tag', 'blog.view_series', 'media.add_media', 'media.view_media'],
  Editor: ['media.add_media', 'media.view_media', 'media.change_media', 'media.delete_media'],
};

async function groupUser(db: Db, email: string, group: string | null, extra: string[] = (group && EDITOR_ADDS[group]) || []): Promise<CurrentUser> {
  const row = await db.user.create({ data: { email, name: email.split('@')[0], isStaff: true } });
  const perms = group ? (await db.group.findUniqueOrThrow({ where: { name: group }, include: { permissions: true } })).permissions.map((p) => `${p.app}.${p.codename}`) : [];
  return { id: row.id, email, name: row.name, isActive: true, isStaff: true, isSuperuser: false, groups: group ? [group] : [], permissions: new Set([...perms, ...extra]) };
}

async function empty(db: Db) {
  await db.logEntry.deleteMany();
  await db.redirect.deleteMany();
  await db.revision.deleteMany();
  await db.post.deleteMany();
  await db.tag.deleteMany();
  await db.series.deleteMany();
  await db.category.updateMany({ data: { parentId: null } });
  await db.category.deleteMany();
  await db.user.deleteMany();
}

const SOURCE = '# 경사하강법\n\n학습률 $\\eta$ 는 작게.\n\n$$\nw \\leftarrow w - \\eta \\nabla L\n$$\n';

describe.each(PROVIDERS)('post editor API on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let editor: CurrentUser;
  let author: CurrentUser;
  let other: CurrentUser;
  let as: CurrentUser | null;
  let call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any; headers: Headers }>;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    setAdminDatabase(db);
    const route = nextRoute(editorEndpointsFor({ user: async () => as, db: () => db }), {
      // What the admin's api-route does with an endpoint's permission codename.
      checkPermission: async (codename) => {
        if (!hasPerm(as, codename)) throw new HttpError(403, `You need the permission ${codename}.`);
      },
    });
    call = async (method, path, body, headers = {}) => {
      const init: RequestInit = { method, headers: { ...(body !== undefined && !(body instanceof Blob) ? { 'content-type': 'application/json' } : {}), ...headers } };
      if (body instanceof Blob) init.body = body;
      else if (body !== undefined) init.body = JSON.stringify(body);
      const res = await (route as Record<string, (r: Request) => Promise<Response>>)[method](new Request(`http://localhost${path}`, init));
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
    };
  });
  afterAll(async () => {
    setAdminDatabase(null);
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(async () => {
    await empty(db);
    editor = await groupUser(db, 'editor@example.com', 'Editor');
    author = await groupUser(db, 'author@example.com', 'Author');
    other = await groupUser(db, 'other@example.com', 'Author');
    as = null;
  });

  const newPost = async (user: CurrentUser, title = '경사하강법 이해하기') => {
    as = user;
    const r = await call('POST', '/admin/api/blog/posts', { title });
    expect(r.status).toBe(201);
    return r.json.id as number;
  };
  const dataOf = async (id: number, user: CurrentUser) => (await loadEditorData(id, user, 'ko', db)) as EditorData;
  const save = (id: number, version: number, fields: EditorFields, intent = 'save') => call('POST', `/admin/api/blog/posts/${id}/save`, { version, intent, fields });

  it('creates a draft with a readable Korean slug, owned by its author; needs blog.add_post', async () => {
    const id = await newPost(author);
    const post = await db.post.findUniqueOrThrow({ where: { id } });
    expect(post).toMatchObject({ title: '경사하강법 이해하기', slug: '경사하강법-이해하기', status: 'draft', format: 'markdown', authorId: author.id, version: 1 });
    // A client may ask for MDX at once (a post that will hold an embed); any other format is a 400 naming the field.
    as = author;
    const mdx = await call('POST', '/admin/api/blog/posts', { title: 'MDX 글', format: 'mdx' });
    expect(mdx.status).toBe(201);
    expect((await db.post.findUniqueOrThrow({ where: { id: mdx.json.id } })).format).toBe('mdx');
    const bad = await call('POST', '/admin/api/blog/posts', { title: 'x', format: 'html' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/format/);
    // The same title again: the next free slug.
    const id2 = await newPost(author);
    expect((await db.post.findUniqueOrThrow({ where: { id: id2 } })).slug).toBe('경사하강법-이해하기-2');
    expect(await db.logEntry.count({ where: { objectId: String(id), action: 'add' } })).toBe(1);
    as = await groupUser(db, 'nobody@example.com', null);
    const refused = await call('POST', '/admin/api/blog/posts', { title: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/blog\.add_post/);
    as = null;
    expect((await call('POST', '/admin/api/blog/posts', { title: 'x' })).status).toBe(403);
  });

  it('autosave writes the draft only: readers keep the saved post; one revision per sitting; a sendBeacon Blob is accepted', async () => {
    const id = await newPost(author);
    const data = await dataOf(id, author);
    const fields = { ...data.fields, source: SOURCE, title: '경사하강법 이해하기 (초안)' };
    const r = await call('POST', `/admin/api/blog/posts/${id}/autosave`, { version: 1, fields });
    expect(r.status).toBe(200);
    expect(Date.parse(r.json.draftSavedAt)).not.toBeNaN();
    const row = await db.post.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ title: '경사하강법 이해하기', source: '', version: 1, draftById: author.id });
    expect(JSON.parse(row.draft!)).toMatchObject({ source: SOURCE });
    // The page, loaded again, gets the draft back.
    const again = await dataOf(id, author);
    expect(again.fields.source).toBe(SOURCE);
    expect(again.saved.source).toBe('');
    expect(again.draftSavedAt).toBe(r.json.draftSavedAt);
    // A beacon: a Blob of type application/json (and a text/plain one, which some browsers need), same sitting.
    const beacon = await call('POST', `/admin/api/blog/posts/${id}/autosave`, new Blob([JSON.stringify({ version: 1, fields: { ...fields, source: `${SOURCE}\n더 씀` } })], { type: 'application/json' }));
    expect(beacon.status).toBe(200);
    const plain = await call('POST', `/admin/api/blog/posts/${id}/autosave`, new Blob([JSON.stringify({ version: 1, fields: { ...fields, source: `${SOURCE}\n더 씀 2` } })], { type: 'text/plain;charset=UTF-8' }));
    expect(plain.status).toBe(200);
    const revs = await db.revision.findMany({ where: { postId: id } });
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({ kind: 'autosave', source: `${SOURCE}\n더 씀 2`, authorId: author.id });
    // Bad bodies are 4xx with a message, never 500.
    expect((await call('POST', `/admin/api/blog/posts/${id}/autosave`, new Blob(['{nope'], { type: 'application/json' }))).status).toBe(400);
    expect((await call('POST', `/admin/api/blog/posts/${id}/autosave`, new Blob(['x'], { type: 'image/png' }))).status).toBe(415);
    const bad = await call('POST', `/admin/api/blog/posts/${id}/autosave`, { version: 1, fields: { ...fields, tags: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/tags/);
    expect((await call('POST', `/admin/api/blog/posts/99999999/autosave`, { version: 1, fields })).status).toBe(404);
    expect((await call('POST', `/admin/api/blog/posts/abc/autosave`, { version: 1, fields })).status).toBe(404);
  });

  it('save writes the columns, bumps the version, records a revision, clears the draft; a second save from the same version is a 409 with the other side', async () => {
    const id = await newPost(author);
    const base = (await dataOf(id, author)).fields;
    await call('POST', `/admin/api/blog/posts/${id}/autosave`, { version: 1, fields: { ...base, source: 'draft text' } });
    const mine = { ...base, source: SOURCE, tags: ['최적화', '경사하강법'], excerpt: '' };
    const r = await save(id, 1, mine);
    expect(r.status).toBe(200);
    const result = r.json as SaveResult;
    expect(result).toMatchObject({ version: 2, status: 'draft', slug: '경사하강법-이해하기', url: null });
    expect(result.fields?.tags).toEqual(['최적화', '경사하강법']);
    const row = await db.post.findUniqueOrThrow({ where: { id }, include: { tags: true } });
    expect(row).toMatchObject({ source: SOURCE, version: 2, draft: null, draftSavedAt: null, compileError: null });
    expect(row.compiledCode).not.toBe('');
    expect(row.excerpt).toContain('학습률');
    expect(row.tags.map((t) => t.name).sort()).toEqual(['경사하강법', '최적화']);
    expect(await db.revision.count({ where: { postId: id, kind: 'save' } })).toBe(1);
    const log = await db.logEntry.findFirstOrThrow({ where: { objectId: String(id), action: 'change' } });
    expect(JSON.parse(log.changeMessage).changed).toEqual(expect.arrayContaining(['source', 'tags']));

    // Another tab still holds version 1.
    as = author;
    const stale = await save(id, 1, { ...base, source: 'the other tab' });
    expect(stale.status).toBe(409);
    const body = stale.json as ConflictBody;
    expect(body.error).toMatch(/다른 사람|Someone/);
    expect(body.conflict).toMatchObject({ version: 2, by: 'author' });
    expect(body.conflict.fields.source).toBe(SOURCE);
    expect((await db.post.findUniqueOrThrow({ where: { id } })).source).toBe(SOURCE);
    // A stale autosave is refused the same way, and its text is still kept as a revision.
    const staleAuto = await call('POST', `/admin/api/blog/posts/${id}/autosave`, { version: 1, fields: { ...base, source: 'typed in the stale tab' } });
    expect(staleAuto.status).toBe(409);
    expect(await db.revision.count({ where: { postId: id, source: 'typed in the stale tab' } })).toBe(1);
    expect((await db.post.findUniqueOrThrow({ where: { id } })).draft).toBeNull();
  });

  it('two saves racing from the same version: exactly one wins', async () => {
    const id = await newPost(editor);
    const base = (await dataOf(id, editor)).fields;
    const [a, b] = await Promise.all([save(id, 1, { ...base, source: 'A' }), save(id, 1, { ...base, source: 'B' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const row = await db.post.findUniqueOrThrow({ where: { id } });
    expect(row.version).toBe(2);
    expect(row.source).toBe(a.status === 200 ? 'A' : 'B');
  });

  it('a source that does not compile is a 400 naming the line; nothing is written', async () => {
    const id = await newPost(author);
    const base = (await dataOf(id, author)).fields;
    // An MDX post (new posts are Markdown, where an embed never runs): an unknown embed is refused at its line.
    const r = await save(id, 1, { ...base, format: 'mdx', source: '# 제목\n\n문단\n\n<NoSuchEmbed x={1} />\n' });
    expect(r.status).toBe(400);
    const body = r.json as ValidationBody;
    const err = body.errors.find((e) => e.field === 'source')!;
    expect(err.line).toBe(5);
    expect(err.message).toMatch(/NoSuchEmbed/);
    expect((await db.post.findUniqueOrThrow({ where: { id } })).version).toBe(1);
    const blank = await save(id, 1, { ...base, title: '   ', slug: '!!!', categoryId: 999999, seriesId: null, seriesOrder: 2, coverImage: 'javascript:alert(1)' });
    expect(blank.status).toBe(400);
    expect((blank.json as ValidationBody).errors.map((e) => e.field).sort()).toEqual(['categoryId', 'coverImage', 'seriesOrder', 'title']);
  });

  it('every compile worker busy: the save is a 503 with Retry-After, nothing written (a real pool whose queue takes nothing)', async () => {
    const id = await newPost(author);
    const base = (await dataOf(id, author)).fields;
    const key = Symbol.for('manifold.mdxCompilePool');
    const g = globalThis as unknown as Record<symbol, CompilePool | undefined>;
    const before = g[key];
    const full = new CompilePool({ maxQueue: 0, threads: 1 });
    g[key] = full;
    try {
      const r = await save(id, 1, { ...base, source: SOURCE });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(r.json.error).toMatch(/try again/);
    } finally {
      g[key] = before;
      await full.close();
    }
    expect((await db.post.findUniqueOrThrow({ where: { id } })).version).toBe(1);
    expect((await save(id, 1, { ...base, source: SOURCE })).status).toBe(200);
  });

  it('an Author saves drafts but may not publish, schedule or unpublish (403); an Editor may', async () => {
    const id = await newPost(author);
    const base = { ...(await dataOf(id, author)).fields, source: SOURCE };
    expect((await dataOf(id, author)).permissions).toMatchObject({ publish: false, change: true, addTag: true, uploadMedia: true });
    for (const intent of ['publish', 'schedule', 'unpublish']) {
      const r = await save(id, 1, base, intent);
      expect(r.status, intent).toBe(403);
      expect(r.json.error).toMatch(/blog\.publish_post/);
    }
    // Someone else's post: not theirs to change, or even to see.
    const theirs = await newPost(other, '남의 글');
    as = author;
    expect((await save(theirs, 1, { ...base, slug: '' })).status).toBe(403);
    await expect(loadEditorData(theirs, author, 'ko', db)).rejects.toBeInstanceOf(PermissionDenied);
    expect(await loadEditorData(99999999, author, 'ko', db)).toBeNull();

    as = editor;
    const pub = await save(id, 1, base, 'publish');
    expect(pub.status).toBe(200);
    expect(pub.json).toMatchObject({ status: 'published', version: 2, url: `/posts/${encodeURIComponent('경사하강법-이해하기')}` });
    const row = await db.post.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('published');
    expect(row.publishedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await db.revision.count({ where: { postId: id, kind: 'publish' } })).toBe(1);
    // The Author may keep editing their published post (it stays published), not unpublish it.
    as = author;
    const edit = await save(id, 2, { ...pub.json.fields, source: `${SOURCE}\n고침\n` });
    expect(edit.json).toMatchObject({ status: 'published', version: 3 });
    expect((await save(id, 3, edit.json.fields, 'unpublish')).status).toBe(403);
    as = editor;
    expect((await save(id, 3, edit.json.fields, 'unpublish')).json).toMatchObject({ status: 'draft', url: null });
  });

  it('schedule needs a future time; the post is scheduled with it', async () => {
    const id = await newPost(editor);
    const base = { ...(await dataOf(id, editor)).fields, source: SOURCE };
    const none = await save(id, 1, { ...base, publishedAt: null }, 'schedule');
    expect(none.status).toBe(400);
    expect(none.json.errors[0].field).toBe('publishedAt');
    const past = await save(id, 1, { ...base, publishedAt: '2020-01-01T00:00:00Z' }, 'schedule');
    expect(past.status).toBe(400);
    const when = new Date(Date.now() + 3_600_000).toISOString();
    const ok = await save(id, 1, { ...base, publishedAt: when }, 'schedule');
    expect(ok.json).toMatchObject({ status: 'scheduled', url: null });
    expect((await db.post.findUniqueOrThrow({ where: { id } })).publishedAt!.toISOString()).toBe(when);
  });

  it("changing a published post's slug keeps the old address as a redirect; going back removes it; a taken slug is refused", async () => {
    const id = await newPost(editor, '옛 제목');
    const base = { ...(await dataOf(id, editor)).fields, source: SOURCE };
    const pub = await save(id, 1, base, 'publish');
    expect(pub.json.slug).toBe('옛-제목');
    const moved = await save(id, 2, { ...pub.json.fields, slug: 'New Title!' });
    expect(moved.json.slug).toBe('new-title');
    expect(await db.redirect.findMany({ select: { oldSlug: true, postId: true } })).toEqual([{ oldSlug: '옛-제목', postId: id }]);
    // The old address is no longer free for another post, and the suggestion skips it.
    const other = await newPost(editor, '옛 제목');
    expect((await db.post.findUniqueOrThrow({ where: { id: other } })).slug).toBe('옛-제목-2');
    const otherBase = { ...(await dataOf(other, editor)).fields, source: SOURCE };
    expect((await save(other, 1, { ...otherBase, slug: '옛-제목' })).json.errors[0]).toMatchObject({ field: 'slug' });
    expect((await save(other, 1, { ...otherBase, slug: 'new-title' })).json.errors[0]).toMatchObject({ field: 'slug' });
    const back = await save(id, 3, { ...moved.json.fields, slug: '옛-제목' });
    expect(back.json.slug).toBe('옛-제목');
    expect(await db.redirect.findMany({ select: { oldSlug: true } })).toEqual([{ oldSlug: 'new-title' }]);
    // A draft's slug changes leave no redirect.
    await save(other, 1, { ...otherBase, slug: 'draft-a' });
    await save(other, 2, { ...otherBase, slug: 'draft-b' });
    expect(await db.redirect.count({ where: { postId: other } })).toBe(0);
  });

  it('revisions: listed newest first with their author; read one; restore makes it the draft and records a restore', async () => {
    const id = await newPost(author);
    const base = (await dataOf(id, author)).fields;
    const v1 = await save(id, 1, { ...base, source: '첫 번째 본문\n' });
    await save(id, 2, { ...v1.json.fields, source: '두 번째 본문\n', title: '바뀐 제목' });
    const list = await call('GET', `/admin/api/blog/posts/${id}/revisions`);
    expect(list.status).toBe(200);
    expect(list.json.revisions.map((r: { kind: string; title: string; by: string }) => [r.kind, r.title, r.by])).toEqual([
      ['save', '바뀐 제목', 'author'],
      ['save', '경사하강법 이해하기', 'author'],
    ]);
    const first = list.json.revisions[1];
    const detail = await call('GET', `/admin/api/blog/posts/${id}/revisions/${first.id}`);
    expect(detail.json).toMatchObject({ id: first.id, source: '첫 번째 본문\n', fields: { title: '경사하강법 이해하기', slug: '경사하강법-이해하기' } });
    expect((await call('POST', `/admin/api/blog/posts/${id}/revisions/${first.id}/restore`, { version: 2 })).status).toBe(409);
    const restored = await call('POST', `/admin/api/blog/posts/${id}/revisions/${first.id}/restore`, { version: 3 });
    expect(restored.status).toBe(200);
    expect(restored.json.fields).toMatchObject({ source: '첫 번째 본문\n', title: '경사하강법 이해하기' });
    const row = await db.post.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ source: '두 번째 본문\n', version: 3 });
    expect((await dataOf(id, author)).fields.source).toBe('첫 번째 본문\n');
    expect((await listRevisions(id, author, db))![0].kind).toBe('restore');
    // Discard drops the draft: back to the saved fields.
    const discarded = await call('POST', `/admin/api/blog/posts/${id}/discard`);
    expect(discarded.json.fields.source).toBe('두 번째 본문\n');
    expect((await dataOf(id, author)).draftSavedAt).toBeNull();
    // Not found, and not yours.
    expect((await call('GET', `/admin/api/blog/posts/${id}/revisions/99999999`)).status).toBe(404);
    as = other;
    expect((await call('GET', `/admin/api/blog/posts/${id}/revisions`)).status).toBe(403);
    await expect(getRevision(id, first.id, other, db)).rejects.toBeInstanceOf(PermissionDenied);
  });

  it('slug suggestions and tags: find any case, create inline (201, then 200 for the same name), refused without add_tag', async () => {
    as = author;
    const s = await call('GET', `/admin/api/blog/slug?title=${encodeURIComponent('Adam 옵티마이저: 정리!')}`);
    expect(s.json).toEqual({ slug: 'adam-옵티마이저-정리' });
    await db.post.create({ data: { title: 't', slug: 'adam-옵티마이저-정리' } });
    expect((await call('GET', `/admin/api/blog/slug?title=${encodeURIComponent('Adam 옵티마이저: 정리!')}`)).json.slug).toBe('adam-옵티마이저-정리-2');
    const made = await call('POST', '/admin/api/blog/tags', { name: ' PyTorch ' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: 'PyTorch', slug: 'pytorch' });
    expect((await call('POST', '/admin/api/blog/tags', { name: 'PyTorch' })).status).toBe(200);
    await call('POST', '/admin/api/blog/tags', { name: '파이토치 입문' });
    expect((await call('GET', '/admin/api/blog/tags?q=pyt')).json.tags.map((t: { name: string }) => t.name)).toEqual(['PyTorch']);
    expect((await call('GET', `/admin/api/blog/tags?q=${encodeURIComponent('파이')}`)).json.tags.map((t: { name: string }) => t.name)).toEqual(['파이토치 입문']);
    expect((await call('POST', '/admin/api/blog/tags', { name: '   ' })).status).toBe(400);
    // A tag typed in the editor matches the existing one whatever its case.
    const id = await newPost(author);
    const saved = await save(id, 1, { ...(await dataOf(id, author)).fields, tags: ['pytorch', '새 태그'] });
    expect(saved.json.fields.tags).toEqual(['PyTorch', '새 태그']);
    as = await groupUser(db, 'reader@example.com', null, ['blog.add_post', 'blog.change_own_post']);
    expect((await call('POST', '/admin/api/blog/tags', { name: 'x' })).status).toBe(403);
    const mine = await newPost(as!);
    const refused = await save(mine, 1, { ...(await dataOf(mine, as!)).fields, tags: ['없는 태그'] });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toMatchObject({ field: 'tags' });
  });

  it('figure: saving the longest sample post (compile in the pool, write, revision), median of 5', async () => {
    const dir = path.join(process.cwd(), 'content', 'posts');
    const longest = fs.readdirSync(dir).filter((f) => /\.mdx?$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).sort((a, b) => b.length - a.length)[0];
    const source = matter(longest).content;
    const id = await newPost(editor, '가장 긴 글');
    // The sample posts are MDX (they use embeds); new posts are Markdown.
    let fields = { ...(await dataOf(id, editor)).fields, format: 'mdx' as const, source };
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      fields = { ...fields, source: `${source}\n\n편집 ${i}\n` };
      const t = performance.now();
      const r = await save(id, i + 1, fields);
      times.push(performance.now() - t);
      expect(r.status, JSON.stringify(r.json).slice(0, 300)).toBe(200);
    }
    times.sort((a, b) => a - b);
    console.log(`[editor save] ${provider}: longest sample post (${source.length} chars) saved in ${times[2].toFixed(0)} ms median of 5 (${times.map((t) => t.toFixed(0)).join(', ')})`);
  });

  it('loadEditorData: categories with depth, series, embeds, permissions, the time zone', async () => {
    const dl = await db.category.create({ data: { name: '딥러닝', slug: '딥러닝' } });
    await db.category.create({ data: { name: '최적화', slug: '최적화', parentId: dl.id } });
    await db.series.create({ data: { title: 'Transformer', slug: 'transformer' } });
    const id = await newPost(editor);
    const data = await dataOf(id, editor);
    expect(data.categories).toEqual([
      { id: dl.id, name: '딥러닝', depth: 0 },
      { id: expect.any(Number), name: '최적화', depth: 1 },
    ]);
    expect(data.series.map((s) => s.title)).toEqual(['Transformer']);
    expect(data.embeds.length).toBeGreaterThan(0);
    expect(data.permissions).toEqual({ publish: true, change: true, delete: true, addTag: true, uploadMedia: true });
    expect(data.post).toMatchObject({ id, status: 'draft', version: 1, url: null, authorName: 'editor' });
    expect(data.timeZone).toMatch(/\//);
  });
});
