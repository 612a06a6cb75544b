// POST /admin/api/blog/preview as the admin serves it (nextRoute, real Requests) with a real compile pool (worker
// threads): who may preview (the built-in Author and Editor groups as migrate made them, on SQLite and PostgreSQL; a
// staff user without blog permissions may not), what a compiling and a failing source answer, and the refusals of bad
// input as 4xx JSON a person can act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import { CompilePool } from '../../../lib/mdx/pool';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import type { CurrentUser } from '../../accounts/auth';
import { PREVIEW_MAX_CHARS, previewEndpointsFor } from '../editor/preview';
import type { PreviewResponse } from '../editor/types';

async function groupUser(db: Db, email: string, group: string | null): Promise<CurrentUser> {
  const row = await db.user.create({ data: { email, name: email.split('@')[0], isStaff: true } });
  const perms = group ? (await db.group.findUniqueOrThrow({ where: { name: group }, include: { permissions: true } })).permissions.map((p) => `${p.app}.${p.codename}`) : [];
  return { id: row.id, email, name: row.name, isActive: true, isStaff: true, isSuperuser: false, groups: group ? [group] : [], permissions: new Set(perms) };
}

const POST = [
  '# 학습률',
  '',
  '학습률 $\\eta$ 가 크면 발산합니다.',
  '',
  '## 예',
  '',
  '```js',
  'const lr = 0.1;',
  '```',
  '',
  '<GradientDescent lr={0.3} />',
  '',
  '## 정리',
  '',
].join('\n');

describe.each(PROVIDERS)('the preview endpoint on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let pool: CompilePool;
  let as: CurrentUser | null = null;
  let users: Record<'editor' | 'author' | 'nobody', CurrentUser>;
  let call: (body: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any }>;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    pool = new CompilePool({ threads: 2, timeoutMs: 1500 });
    const route = nextRoute(previewEndpointsFor({ user: async () => as, pool: () => pool }));
    call = async (body, headers = {}) => {
      const res = await route.POST(
        new Request('http://localhost/admin/api/blog/preview', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    };
    users = {
      editor: await groupUser(db, 'editor@example.com', 'Editor'),
      author: await groupUser(db, 'author@example.com', 'Author'),
      nobody: await groupUser(db, 'nobody@example.com', null),
    };
  });
  afterAll(async () => {
    await pool?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it('answers the rendered post to an Author and an Editor', async () => {
    for (const who of ['author', 'editor'] as const) {
      as = users[who];
      const r = await call({ source: POST });
      expect(r.status, who).toBe(200);
      const body = r.json as Extract<PreviewResponse, { ok: true }>;
      expect(body.ok).toBe(true);
      expect(body.diagnostics).toEqual([]);
      expect(body.toc.map((e) => e.text)).toEqual(['예', '정리']);
      expect(body.embeds).toEqual(['GradientDescent']);
      expect(body.html).toContain('<h1 id="학습률" data-line="1">');
      expect(body.html).toMatch(/class="katex"/);
      expect(body.html).toMatch(/data-embed="GradientDescent"/);
      expect(typeof body.ms).toBe('number');
    }
  });

  it('answers a source that does not compile with its problem at its line (200, ok:false)', async () => {
    as = users.author;
    const r = await call({ source: '# 제목\n\n본문\n\n<Unknown x={1} />\n' });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.diagnostics).toHaveLength(1);
    expect(r.json.diagnostics[0]).toMatchObject({ line: 5, column: 1, kind: 'embed' });
    expect(r.json.diagnostics[0].message).toMatch(/<Unknown \/> is not a registered embed/);
    const math = await call({ source: 'a\n\n$$\n\\frac{1}{\n$$\n' });
    expect(math.json).toMatchObject({ ok: false, diagnostics: [{ kind: 'math' }] });
  });

  it('refuses who may not write posts, and bad input, with a JSON error', async () => {
    as = users.nobody;
    const refused = await call({ source: '# x' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/미리보기 권한이 없습니다 .* blog\.add_post or blog\.change_post/);
    as = users.author;
    const cases: [unknown, Record<string, string>, number, RegExp][] = [
      [{}, {}, 400, /source/],
      [{ source: 3 }, {}, 400, /source/],
      [{ source: 'x', extra: 1 }, {}, 400, /extra|Unrecognized/i],
      ['{"source": "x"', {}, 400, /JSON/i],
      [{ source: 'x' }, { 'content-type': 'text/plain' }, 415, /JSON|content type/i],
      [{ source: 'x'.repeat(PREVIEW_MAX_CHARS + 1) }, {}, 400, /too long/],
      [{ source: '가'.repeat(PREVIEW_MAX_CHARS + 400) }, {}, 413, /./],
    ];
    for (const [body, headers, status, message] of cases) {
      const r = await call(body, headers);
      expect([r.status, r.json?.error], JSON.stringify(body).slice(0, 40)).toEqual([status, expect.stringMatching(message)]);
    }
  });

  it('answers a source that makes the compiler spin with the limit problem, and the next preview as usual', async () => {
    as = users.editor;
    const cols = 2000;
    const spinning = `${'|a'.repeat(cols)}|\n${'|-'.repeat(cols)}|\n${`${'|b'.repeat(cols)}|\n`.repeat(50)}`;
    const [stuck, meanwhile] = await Promise.all([call({ source: spinning }), call({ source: '# 그동안\n' })]);
    expect(meanwhile.json).toMatchObject({ ok: true });
    expect(stuck.status).toBe(200);
    expect(stuck.json).toMatchObject({ ok: false, diagnostics: [{ kind: 'limit', line: 1 }] });
    expect(stuck.json.diagnostics[0].message).toMatch(/1\.5초를 넘어 중단/);
    expect((await call({ source: '# 다시\n' })).json).toMatchObject({ ok: true });
  });
});
