// The pure parts of manage: value conversion, labels, site.config.ts edits, option parsing, messages.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertValue, parseDateTime } from '../fixtures';
import { parseSchemaModels, runtimeFromSchema, type FieldInfo } from '../models';
import { createDb } from '../../db';
import { parseDatabaseUrl } from '../../database-url';
import { installInSiteConfig, labelProblem, placeholders } from '../commands/startapp';
import { summarizeSql } from '../commands/makemigrations';
import { parseAddress } from '../commands/runserver';
import { loadOptionsFrom } from '../commands/fixtures';
import { explainSchemaError } from '../schema-errors';
import { assembleSchema } from '../../schema';
import { repoRoot } from './support';

const field = (type: string, extra: Partial<FieldInfo> = {}): FieldInfo => ({
  name: 'f', kind: 'scalar', type, isList: false, isRequired: true, isId: false, isUnique: false, hasDefault: false, isAutoincrement: false, isUpdatedAt: false, column: 'f', ...extra,
});
const enums = new Map([['Role', ['reader', 'admin']]]);

describe('fixture values', () => {
  it('reads ISO 8601 datetimes as Django writes them, offsets included', () => {
    expect(parseDateTime('2020-02-16T15:15:00+09:00').toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(parseDateTime('2020-02-16T06:15:00Z').toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(parseDateTime('2020-02-16T06:15:00.123456Z').toISOString()).toBe('2020-02-16T06:15:00.123Z');
    expect(parseDateTime('2020-02-16T01:15:00-0500').toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(parseDateTime('2020-02-16 06:15').toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(parseDateTime('2020-02-16').toISOString()).toBe('2020-02-16T00:00:00.000Z');
    expect(() => parseDateTime('2020-02-30T00:00:00Z')).toThrow('is not a valid date');
    expect(() => parseDateTime('2020-02-16T24:00:00Z')).toThrow('is not a valid date');
    expect(() => parseDateTime('16/02/2020')).toThrow('is not an ISO 8601 datetime');
    expect(() => parseDateTime(1581833700)).toThrow('is not an ISO 8601 datetime');
  });

  it('converts by the destination type and explains what it refuses', () => {
    expect(convertValue('true', field('Boolean'), enums)).toBe(true);
    expect(convertValue(1, field('Boolean'), enums)).toBe(true);
    expect(convertValue('F', field('Boolean'), enums)).toBe(false);
    expect(() => convertValue('maybe', field('Boolean'), enums)).toThrow('"maybe" is not a boolean');
    expect(convertValue('12', field('Int'), enums)).toBe(12);
    expect(() => convertValue('1.5', field('Int'), enums)).toThrow('is not an integer');
    expect(() => convertValue(2 ** 40, field('Int'), enums)).toThrow('does not fit in a 32-bit Int');
    expect(convertValue('9007199254740993', field('BigInt'), enums)).toBe(9007199254740993n);
    expect(convertValue('2.50', field('Float'), enums)).toBe(2.5);
    expect(convertValue('2.50', field('Decimal'), enums)).toBe('2.50');
    expect(convertValue(7, field('String'), enums)).toBe('7');
    expect(convertValue('admin', field('Role', { kind: 'enum' }), enums)).toBe('admin');
    expect(() => convertValue('root', field('Role', { kind: 'enum' }), enums)).toThrow('"root" is not one of reader, admin');
    expect(() => convertValue(null, field('String'), enums)).toThrow('null is not allowed');
    expect(convertValue(null, field('String', { isRequired: false }), enums)).toBeNull();
    expect(convertValue({ a: [1] }, field('Json'), enums)).toEqual({ a: [1] });
    expect(Buffer.from(convertValue('aGk=', field('Bytes'), enums) as Buffer).toString()).toBe('hi');
  });
});

describe('schema details the runtime data model leaves out', () => {
  it('reads modifiers, ids, defaults, maps and relation fields, ignoring comments', () => {
    const models = parseSchemaModels(`
// ---- apps/shop/models.prisma
model Order {
  id      Int    @id @default(autoincrement()) // "quoted // not a comment"
  note    String @default("a // b") @map("order_note")
  lines   Line[]
  @@map("orders")
}
model Line {
  orderId Int
  sku     String
  order   Order  @relation(fields: [orderId], references: [id])
  @@id([orderId, sku])
}`);
    const order = models.get('Order')!;
    expect(order.app).toBe('shop');
    expect(order.fields.get('note')).toMatchObject({ type: 'String', isOptional: false, attrs: '@default("a // b") @map("order_note")' });
    expect(order.fields.get('lines')).toMatchObject({ type: 'Line', isList: true });
    expect(order.blockAttrs).toEqual(['@@map("orders")']);
    expect(models.get('Line')!.blockAttrs).toEqual(['@@id([orderId, sku])']);
  });
});

describe('the schema-only fallback', () => {
  it("describes the models exactly as the generated client's runtime data model does", async () => {
    const client = createDb(parseDatabaseUrl('file:/nonexistent/never-opened.db')) as unknown as {
      _runtimeDataModel: { models: Record<string, { fields: { name: string; kind: string; type: string; relationName?: string }[] }> };
      _engineConfig: { inlineSchema: string };
      $disconnect(): Promise<void>;
    };
    const fromSchema = runtimeFromSchema(client._engineConfig.inlineSchema);
    const shape = (models: typeof client._runtimeDataModel.models) =>
      Object.fromEntries(Object.entries(models).map(([name, m]) => [name, m.fields.map((f) => [f.name, f.kind, f.type, f.relationName ?? null])]));
    expect(shape(fromSchema.models as never)).toEqual(shape(client._runtimeDataModel.models));
    await client.$disconnect();
  });
});

describe('startapp', () => {
  it('names a label in every form the template needs', () => {
    expect(placeholders('photo_log')).toEqual({ label: 'photo_log', Label: 'PhotoLog', labelCamel: 'photoLog', verboseName: 'Photo Log' });
  });

  it('explains why a label is refused', () => {
    expect(labelProblem('gallery', repoRoot)).toBeNull();
    expect(labelProblem('Gallery', repoRoot)).toMatch(/not a valid app label: use a lowercase identifier/);
    expect(labelProblem('blog', repoRoot)).toBe('An app labelled "blog" is already installed.');
    expect(labelProblem('search', repoRoot)).toMatch(/"search" is reserved/);
    expect(labelProblem('default', repoRoot)).toMatch(/"default" is reserved/);
  });

  it('adds the label to installedApps in the layout and quotes the file already uses', () => {
    const oneLine = "// settings\nexport const installedApps = ['accounts', 'blog'] as const;\n";
    expect(installInSiteConfig(oneLine, 'gallery')).toBe("// settings\nexport const installedApps = ['accounts', 'blog', 'gallery'] as const;\n");
    const multiLine = 'import { x } from "./lib/x";\n\nexport const installedApps = [\n  "blog",\n] as const;\n';
    expect(installInSiteConfig(multiLine, 'gallery')).toBe('import { x } from "./lib/x";\n\nexport const installedApps = [\n  "blog",\n  "gallery",\n] as const;\n');
    expect(installInSiteConfig('export const installedApps = [];\n', 'b')).toBe("export const installedApps = ['b'];\n");
  });
});

describe('command helpers', () => {
  it('summarizes migration SQL the way makemigrations prints it', () => {
    const sql = '-- CreateTable\nCREATE TABLE "GalleryPhoto" (\n "id" INTEGER\n);\n\n-- CreateIndex\nCREATE UNIQUE INDEX "GalleryPhoto_slug_key" ON "GalleryPhoto"("slug");\n\n-- AlterTable\nALTER TABLE "Post" ADD COLUMN "x" TEXT;\n';
    expect(summarizeSql(sql)).toEqual(['- Create table GalleryPhoto', '- Create index GalleryPhoto_slug_key on GalleryPhoto', '- Alter table Post']);
  });

  it('parses runserver addresses like Django', () => {
    expect(parseAddress(undefined, 3000)).toEqual({ port: 3000 });
    expect(parseAddress('8000', 3000)).toEqual({ port: 8000 });
    expect(parseAddress('0.0.0.0:8000', 3000)).toEqual({ host: '0.0.0.0', port: 8000 });
    expect(parseAddress('[::1]:8000', 3000)).toEqual({ host: '::1', port: 8000 });
    expect(() => parseAddress('70000', 3000)).toThrow('is not a port number');
  });

  it('parses loaddata maps', () => {
    expect(loadOptionsFrom({ map: ['Blog.Entry=blog.Post'], rename: ['blog.Entry.pub_date=publishedAt'], values: ['blog.entry.is_draft=True:draft, false:published'] })).toMatchObject({
      map: { 'blog.entry': 'blog.post' },
      rename: { 'blog.entry.pub_date': 'publishedAt' },
      values: { 'blog.entry.is_draft': { true: 'draft', false: 'published' } },
    });
    expect(() => loadOptionsFrom({ map: ['entry=post'] })).toThrow('--map expects app.model=app.model');
    expect(() => loadOptionsFrom({ values: ['blog.entry.x=a'] })).toThrow('--values expects from:to pairs');
  });

  it("points schema errors at the app's models.prisma line", () => {
    const schema = assembleSchema('sqlite', repoRoot).split('\n');
    const line = schema.findIndex((l) => /^model Tag \{/.test(l)) + 1;
    const message = `error: Something is wrong here\n  -->  schema.prisma:${line}\n   | \n`;
    const explained = explainSchemaError(new Error(message), 'sqlite', repoRoot);
    const [, file, at] = explained.match(/^(manifold\/blog\/models\.prisma):(\d+): Something is wrong here$/)!;
    expect(file).toBe('manifold/blog/models.prisma');
    const source = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'contrib', 'blog', 'models.prisma'), 'utf8').split('\n');
    expect(source[Number(at) - 1]).toMatch(/^model Tag \{/);
  });
});
