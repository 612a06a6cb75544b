// loaddata's value conversion: impossible datetimes and integers past 2^53 are refused with the record named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { convertValue, loadData, parseDateTime } from '../fixtures';
import type { FieldInfo } from '../models';

const field = (type: string): FieldInfo =>
  ({ name: 'f', kind: 'scalar', type, isList: false, isRequired: true, isId: false, isUnique: false, hasDefault: false, isAutoincrement: false, isUpdatedAt: false, column: 'f' }) as FieldInfo;

describe('datetimes', () => {
  it('refuses impossible offsets, months and days', () => {
    for (const text of [
      '2020-02-16T15:15:00+99:99',
      '2020-02-16T15:15:00+09:60',
      '2020-02-16T15:15:00-15:00',
      '2020-02-16T15:15:00+1500',
      '2020-13-01T00:00:00Z',
      '2020-00-10',
      '2020-02-30',
      '2019-02-29T00:00:00Z',
      '2020-04-31T12:00:00+09:00',
      '2020-02-16T24:00:00Z',
      '2020-02-16T23:60:00Z',
    ]) {
      expect(() => parseDateTime(text), text).toThrow(/not a valid date|not an ISO 8601 datetime|offset/);
    }
  });

  it('still reads real ones, offsets at the ends of the range included', () => {
    expect(parseDateTime('2020-02-16T15:15:00+09:00').toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(parseDateTime('2020-02-29').toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(parseDateTime('2020-01-01T00:00:00+14:00').toISOString()).toBe('2019-12-31T10:00:00.000Z');
    expect(parseDateTime('2020-01-01T00:00:00-12:00').toISOString()).toBe('2020-01-01T12:00:00.000Z');
    expect(parseDateTime('2020-01-01T00:00:00+0530').toISOString()).toBe('2019-12-31T18:30:00.000Z');
    expect(parseDateTime('0050-06-01T00:00:00Z').toISOString()).toBe('0050-06-01T00:00:00.000Z');
  });
});

describe('integers past 2^53', () => {
  const huge = JSON.parse('{"n": 12345678901234567890}').n as number;

  it('are refused for text, BigInt and Decimal fields rather than stored rounded', () => {
    for (const type of ['String', 'BigInt', 'Decimal']) {
      expect(() => convertValue(huge, field(type), new Map()), type).toThrow(/2\^53.*as a string/);
      expect(() => convertValue(-huge, field(type), new Map()), type).toThrow(/2\^53/);
    }
    expect(() => convertValue(2 ** 53, field('BigInt'), new Map())).toThrow(/2\^53/);
  });

  it('are kept exact when written as strings, and safe integers pass as before', () => {
    expect(convertValue('12345678901234567890', field('BigInt'), new Map())).toBe(12345678901234567890n);
    expect(convertValue('12345678901234567890', field('String'), new Map())).toBe('12345678901234567890');
    expect(convertValue(Number.MAX_SAFE_INTEGER, field('BigInt'), new Map())).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect(convertValue(Number.MAX_SAFE_INTEGER, field('String'), new Map())).toBe('9007199254740991');
    expect(convertValue(1e300, field('Float'), new Map())).toBe(1e300);
  });
});

describe.each(PROVIDERS)('loaddata refuses bad values on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('names the record and loads nothing', async () => {
    const ok = { model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } };
    await expect(loadData(db as never, [ok, { model: 'blog.tag', pk: 2, fields: { name: 12345678901234567890, slug: 'big' } }])).rejects.toThrow(
      /blog\.tag pk=2 \(record 2\), field "name": .*2\^53/,
    );
    await expect(
      loadData(db as never, [ok, { model: 'blog.post', pk: 9, fields: { title: 'T', slug: 't', publishedAt: '2020-02-16T15:15:00+99:99' } }]),
    ).rejects.toThrow(/blog\.post pk=9 \(record 2\), field "publishedAt": /);
    expect(await db.tag.count()).toBe(0);
    expect(await db.post.count()).toBe(0);
  });
});
