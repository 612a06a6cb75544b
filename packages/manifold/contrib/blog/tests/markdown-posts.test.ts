// A post's format (markdown | mdx) on real SQLite and PostgreSQL: loadcontent picks it by extension and dumpcontent
// writes it back the same way, recompile and updatePostSource keep it, the admin's save and the editor's save and
// preview compile by it, and a new post from the editor is Markdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { hasPerm, type CurrentUser } from '../../accounts/auth';
import { setAdminDatabase } from '../../admin/core/db';
import { CompilePool } from '../../../lib/mdx/pool';
import { editorEndpointsFor } from '../editor/api';
import { previewSource } from '../editor/preview';
import { loadEditorData } from '../editor/data';
import { loadContent } from '../content';
import { exportContent } from '../content-export';
import { recompilePosts, updatePostSource } from '../posts';
import hooks from '../admin-hooks';
import type { EditorFields } from '../editor/types';

/** Markdown that MDX cannot compile, as other blogs write it. */
const MARKDOWN = '설정은 {key: value}, p <0.1 이다.<br>\n\n이 식 $$a^2+b^2=c^2$$ 은 정리다.\n\n<!-- more -->\n\n가격은 $5 이고 할인은 $3 입니다\n';
const MDX = '# 제목\n\n학습률 $\\eta$ 는 작게.\n';
const front = (title: string, slug: string) => `---\ntitle: ${title}\nslug: ${slug}\ndate: 2024-01-02T03:04:05+09:00\n---\n\n`;

describe.each(PROVIDERS)('post formats on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let tmp: string;
  let pool: CompilePool;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-md-'));
    pool = new CompilePool({ inProcess: true });
  });
  afterAll(async () => {
    setAdminDatabase(null);
    await pool?.close();
    await db?.$disconnect();
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loadcontent reads .md as Markdown and .mdx as MDX; dumpcontent writes them back; a second load changes nothing', async () => {
    const src = path.join(tmp, 'in');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'plain.md'), front('마크다운', 'plain') + MARKDOWN);
    fs.writeFileSync(path.join(src, 'rich.mdx'), front('MDX 글', 'rich') + MDX);
    // The same Markdown as .mdx does not compile: the format really comes from the extension.
    fs.writeFileSync(path.join(src, 'wrong.mdx'), front('틀림', 'wrong') + MARKDOWN);
    const report = await loadContent(db, src);
    expect(report.created.map((f) => path.basename(f)).sort()).toEqual(['plain.md', 'rich.mdx']);
    expect(report.failed).toEqual([{ file: expect.stringMatching(/wrong\.mdx$/), problem: expect.stringMatching(/^MDX error at line \d+/) }]);
    const rows = await db.post.findMany({ orderBy: { slug: 'asc' }, select: { slug: true, format: true, compiledCode: true, excerpt: true, compileError: true } });
    expect(rows.map((r) => [r.slug, r.format, r.compileError])).toEqual([
      ['plain', 'markdown', null],
      ['rich', 'mdx', null],
    ]);
    const plain = rows[0];
    expect(plain.compiledCode).toContain('katex-display');
    expect(plain.compiledCode).toContain('{key: value}');
    // The excerpt is the text before <!-- more -->.
    expect(plain.excerpt).toBe('설정은 {key: value}, p <0.1 이다. 이 식 a^2+b^2=c^2 은 정리다.');

    const out = path.join(tmp, 'out');
    const dumped = await exportContent(db, out, { timeZone: 'Asia/Seoul' });
    expect(dumped.written.map((f) => path.basename(f)).sort()).toEqual(['plain.md', 'rich.mdx']);
    expect(fs.readFileSync(path.join(out, 'plain.md'), 'utf8')).toContain(MARKDOWN);
    // The dump's files load back with their formats (the source now holds the dumped frontmatter), and then again unchanged.
    const again = await loadContent(db, out);
    expect(again.failed).toEqual([]);
    expect(again.created).toEqual([]);
    expect((await db.post.findMany({ orderBy: { slug: 'asc' }, select: { format: true, compileError: true } })).map((r) => [r.format, r.compileError])).toEqual([
      ['markdown', null],
      ['mdx', null],
    ]);
    expect((await loadContent(db, out)).unchanged.map((f) => path.basename(f)).sort()).toEqual(['plain.md', 'rich.mdx']);

    // A post switched to MDX is dumped as .mdx, and the .md of the earlier dump goes (no slug twice).
    await db.post.update({ where: { slug: 'rich' }, data: { format: 'markdown' } });
    await exportContent(db, out, { timeZone: 'Asia/Seoul' });
    expect(fs.readdirSync(out).sort()).toEqual(['plain.md', 'rich.md']);
    await db.post.update({ where: { slug: 'rich' }, data: { format: 'mdx' } });
  });

  it('recompile and updatePostSource compile each post by its format', async () => {
    expect(await recompilePosts(db, ['plain', 'rich'])).toEqual({ compiled: ['plain', 'rich'], failed: [], missing: [] });
    const { version } = await db.post.findUniqueOrThrow({ where: { slug: 'plain' }, select: { version: true } });
    expect((await updatePostSource(db, 'plain', version, `${MARKDOWN}\n<details><summary>더</summary>x</details>\n`)).error).toBeNull();
    const row = await db.post.findUniqueOrThrow({ where: { slug: 'plain' }, select: { format: true, compiledCode: true } });
    expect(row.format).toBe('markdown');
    expect(row.compiledCode).toContain('"summary"');
    // Asked to become MDX, the same source fails (and says where); the format is stored with it.
    const failed = await updatePostSource(db, 'plain', version + 1, MARKDOWN, 'mdx');
    expect(failed.error?.message).toMatch(/^line \d+, column \d+: /);
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'plain' }, select: { format: true } })).format).toBe('mdx');
    await updatePostSource(db, 'plain', version + 2, MARKDOWN, 'markdown');
  });

  it("the admin's save compiles by the post's format and refuses an unknown one", async () => {
    const Post = hooks.Post!;
    const user = { id: 1, permissions: new Set(['blog.publish_post']), isSuperuser: false };
    const md = await Post.beforeSave!({ data: { title: 't', slug: 'admin-md', source: MARKDOWN, format: 'markdown', status: 'draft' }, existing: null, user, db });
    expect(md.format).toBe('markdown');
    expect(String(md.compiledCode)).toContain('{key: value}');
    // No format named: a new post gets the column's default, mdx, and this Markdown does not compile as MDX.
    await expect(Post.beforeSave!({ data: { title: 't', slug: 'admin-mdx', source: MARKDOWN, status: 'draft' }, existing: null, user, db })).rejects.toMatchObject({
      errors: [{ field: 'source', message: expect.stringMatching(/^MDX를 컴파일할 수 없습니다/) }],
    });
    // An existing Markdown post keeps its format when the form does not send one; a format change recompiles.
    const existing = { source: MARKDOWN, format: 'markdown', compiledCode: 'x', compileError: null, status: 'draft' };
    expect((await Post.beforeSave!({ data: { title: 'u' }, existing, user, db })).format).toBe('markdown');
    await expect(Post.beforeSave!({ data: { format: 'mdx' }, existing, user, db })).rejects.toMatchObject({ errors: [{ field: 'source' }] });
    await expect(Post.beforeSave!({ data: { format: 'html' }, existing, user, db })).rejects.toMatchObject({ errors: [{ field: 'format' }] });
  });

  it("the editor: a new post is Markdown, save and preview compile by the format, an embed needs MDX", async () => {
    const row = await db.user.create({ data: { email: `md-${provider}@example.com`, name: 'md', isStaff: true, isSuperuser: true } });
    const as: CurrentUser = { id: row.id, email: row.email, name: 'md', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };
    setAdminDatabase(db);
    const route = nextRoute(editorEndpointsFor({ user: async () => as, db: () => db }), {
      checkPermission: async (codename) => {
        if (!hasPerm(as, codename)) throw new HttpError(403, `You need the permission ${codename}.`);
      },
    }) as Record<string, (r: Request) => Promise<Response>>;
    const call = async (p: string, body: unknown) => {
      const res = await route.POST(new Request(`http://localhost${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      return { status: res.status, json: await res.json() };
    };
    const created = await call('/admin/api/blog/posts', { title: '새 마크다운 글' });
    expect(created.status).toBe(201);
    const data = await loadEditorData(created.json.id, as, 'ko', db);
    expect(data!.fields.format).toBe('markdown');

    const fields: EditorFields = { ...data!.fields, source: MARKDOWN };
    const saved = await call(`/admin/api/blog/posts/${created.json.id}/save`, { version: 1, intent: 'save', fields });
    expect(saved.status).toBe(200);
    expect(saved.json.fields.format).toBe('markdown');
    const stored = await db.post.findUniqueOrThrow({ where: { id: created.json.id }, select: { format: true, compiledCode: true } });
    expect(stored).toMatchObject({ format: 'markdown', compiledCode: expect.stringContaining('katex-display') });

    // An embed in a Markdown post: refused with the fix named, at its line; as MDX the same source saves.
    const embed = `${MARKDOWN}\n<Convolution />\n`;
    const refused = await call(`/admin/api/blog/posts/${created.json.id}/save`, { version: 2, intent: 'save', fields: { ...fields, source: embed } });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toMatchObject({ field: 'source', message: expect.stringMatching(/^Markdown를 컴파일할 수 없습니다.*embeds need the MDX format: set the post's format to mdx/) });
    const asMdx = await call(`/admin/api/blog/posts/${created.json.id}/save`, { version: 2, intent: 'save', fields: { ...fields, format: 'mdx', source: `${MDX}\n<Convolution />\n` } });
    expect(asMdx.status).toBe(200);
    expect((await db.post.findUniqueOrThrow({ where: { id: created.json.id }, select: { format: true, embeds: true } }))).toEqual({ format: 'mdx', embeds: '["Convolution"]' });
    // A save that names no format keeps the post's.
    const { format: _omit, ...noFormat } = { ...fields, source: MDX };
    void _omit;
    expect((await call(`/admin/api/blog/posts/${created.json.id}/save`, { version: 3, intent: 'save', fields: noFormat })).json.fields.format).toBe('mdx');

    // The preview compiles by the format it is sent.
    const previewMd = await previewSource(MARKDOWN, pool, 'markdown');
    expect(previewMd.ok && previewMd.html).toContain('{key: value}');
    const previewMdx = await previewSource(MARKDOWN, pool, 'mdx');
    expect(previewMdx.ok).toBe(false);
    const previewEmbed = await previewSource('문단\n\n<Convolution />\n', pool, 'markdown');
    expect(previewEmbed).toMatchObject({ ok: false, diagnostics: [{ line: 3, kind: 'embed', message: expect.stringContaining("set the post's format to mdx") }] });
  });
});

describe('checkcontent', () => {
  it('compiles .md files as Markdown and .mdx as MDX, without a database', async () => {
    const { checkContentCommand } = await import('../commands/checkcontent');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-md-check-'));
    try {
      fs.writeFileSync(path.join(dir, 'plain.md'), front('마크다운', 'plain') + MARKDOWN);
      fs.writeFileSync(path.join(dir, 'wrong.mdx'), front('틀림', 'wrong') + MARKDOWN);
      const lines: string[] = [];
      const code = await checkContentCommand.run({ dir } as never, { out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false });
      expect(code).toBe(1);
      expect(lines[0]).toMatch(/^ok {3}plain\.md {2}"마크다운"/);
      expect(lines[1]).toMatch(/^FAIL wrong\.mdx: line \d+, column \d+: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
