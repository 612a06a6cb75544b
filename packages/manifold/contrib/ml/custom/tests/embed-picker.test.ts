// The editor's "insert embed" form for <ModelDemo> (SQLite and PostgreSQL): the catalogue the editor page gets
// (embedCatalog, through the registry's embed data modules and the ml app's embedChoices) offers the library's models
// that have a ready version and a declared signature — not one still checking, unhealthy or undeclared — and for the
// chosen model its ready versions to pin, or none to follow the latest; the form's values become the MDX the real
// compiler accepts with those props.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../../lib/db';
import { embedCompileOptions } from '../../../../lib/embed-schemas';
import { compileMdx } from '../../../../lib/mdx/compile';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../../testing/databases';
import { embedCatalog } from '../../../blog/editor/embed-catalog';
import { choicesOf } from '../../../blog/editor/source-editor/dialogs';
import { embedSource, initialFormValues } from '../../../blog/editor/source-editor/embed-mdx';
import { modelDemoChoices } from '../embed-choices';

const SIG = JSON.stringify({ input: { kind: 'vector', fields: [{ name: 'x', label: 'x', min: 0, max: 1, step: 0.1, default: 0 }] }, output: { kind: 'regression', unit: '', label: 'y' } });
const version = (number: number, status: string) => ({ number, status, format: 'layers', files: '[]', size: 10, params: 1, flops: 1, inputShape: '[null,1]', outputShape: '[null,1]', dtypes: '{}', error: status === 'unhealthy' ? '불러오지 못했습니다 / failed to load' : '' });

describe.each(PROVIDERS)('the <ModelDemo> picker on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    (globalThis as { __manifoldDb?: Db }).__manifoldDb = db;
  }, 120_000);
  // Each test starts from the same library: the second makes a checking version ready, which the first must not see.
  beforeEach(async () => {
    await db.mlModel.deleteMany();
    await db.mlModel.create({ data: { slug: 'house-prices', title: '집값 회귀', signature: SIG, versions: { create: [version(1, 'ready'), version(2, 'unhealthy'), version(3, 'ready'), version(4, 'checking')] } } });
    await db.mlModel.create({ data: { slug: 'undeclared', title: '선언 전', signature: '', versions: { create: [version(1, 'ready')] } } });
    await db.mlModel.create({ data: { slug: 'broken', title: '고장', signature: SIG, versions: { create: [version(1, 'unhealthy')] } } });
    await db.mlModel.create({ data: { slug: 'busy', title: '검사 중', signature: SIG, versions: { create: [version(1, 'checking')] } } });
    await db.mlModel.create({ data: { slug: 'empty', title: '빈 모델', signature: SIG } });
  });
  afterAll(async () => {
    (globalThis as { __manifoldDb?: Db }).__manifoldDb = undefined;
    await db?.$disconnect();
    await t?.drop();
  });

  it('offers only models with a ready version and a signature; versions are the ready ones, newest first', async () => {
    const choices = await modelDemoChoices(db, 'ko');
    expect(choices.model.choices).toEqual([{ value: 'house-prices', label: '집값 회귀 (house-prices)' }]);
    expect(choices.version.choicesBy.prop).toBe('model');
    expect(choices.version.choicesBy.choices['house-prices'].map((c) => c.value)).toEqual([3, 1]);
    expect(choices.version.emptyLabel).toMatch(/최신/);
  });

  it('the editor\'s catalogue carries them, and the form writes MDX the compiler takes (pinned, or following the latest)', async () => {
    const catalog = await embedCatalog();
    const embed = catalog.find((e) => e.name === 'ModelDemo');
    expect(embed?.app).toBe('ml');
    const model = embed!.props.find((p) => p.name === 'model')!;
    const pin = embed!.props.find((p) => p.name === 'version')!;
    expect(model.required).toBe(true);
    expect(model.choices?.map((c) => c.value)).toEqual(['house-prices']);
    const form = { ...initialFormValues(embed!), model: 'house-prices' };
    expect(choicesOf(pin, form)?.map((c) => c.value)).toEqual([3, 1]);
    expect(choicesOf(pin, { ...form, model: '' })).toEqual([]);

    const follows = embedSource(embed!, form, 'ko');
    expect(follows.errors).toEqual({});
    expect(follows.mdx).toBe('<ModelDemo model="house-prices" />');
    const pinned = embedSource(embed!, { ...form, version: '3' }, 'ko');
    expect(pinned.mdx).toBe('<ModelDemo model="house-prices" version={3} />');
    const compiled = await compileMdx(`# 글\n\n${pinned.mdx}\n`, await embedCompileOptions());
    expect(compiled.code).toContain('house-prices');

    // The cached schema description is not changed by a request's choices: a new model shows up on the next open.
    await db.mlModelVersion.updateMany({ where: { model: { slug: 'busy' } }, data: { status: 'ready' } });
    const again = (await embedCatalog()).find((e) => e.name === 'ModelDemo')!;
    expect(again.props.find((p) => p.name === 'model')!.choices?.map((c) => c.value)).toEqual(['busy', 'house-prices']);
    expect(model.choices?.map((c) => c.value)).toEqual(['house-prices']);
  });
});
