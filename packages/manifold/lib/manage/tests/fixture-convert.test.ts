// loaddata's conversion of one JSON value into what a field stores, rule by rule and without a database: what each
// field type accepts, what it refuses and with which words, and how datetimes are read (offsets, bare dates, the
// site's time zone for naive ones, DST gaps). The database tests (fixtures.test.ts, fixture-values.test.ts) prove the
// same rules reach the rows; these pin each rule on its own, so a changed rule fails here by name.
import { DbNull } from '@prisma/client/runtime/client';
import { describe, expect, it } from 'vitest';
import { convertValue, parseDateTime } from '../fixtures';
import type { FieldInfo } from '../models';

const field = (type: string, over: Partial<FieldInfo> = {}): FieldInfo =>
  ({ name: 'f', kind: 'scalar', type, isList: false, isRequired: true, isId: false, isUnique: false, hasDefault: false, isAutoincrement: false, isUpdatedAt: false, column: 'f', ...over }) as FieldInfo;
const none = new Map<string, string[]>();
const convert = (value: unknown, type: string, over: Partial<FieldInfo> = {}, enums = none, zone?: string) => convertValue(value, field(type, over), enums, zone);
const iso = (value: unknown, zone?: string) => parseDateTime(value, zone).toISOString();

describe('null and missing values', () => {
  it('are refused for a required field, naming why', () => {
    expect(() => convert(null, 'String')).toThrow('null is not allowed (the field is required)');
    expect(() => convert(undefined, 'Int')).toThrow('null is not allowed (the field is required)');
  });

  it('are stored as null for an optional field, and as the database null for an optional Json field', () => {
    expect(convert(null, 'String', { isRequired: false })).toBeNull();
    expect(convert(undefined, 'DateTime', { isRequired: false })).toBeNull();
    expect(convert(null, 'Json', { isRequired: false })).toBe(DbNull);
  });

  it('are allowed for a list (an empty scalar list is null in Django), whatever the list says of required', () => {
    expect(convert(null, 'String', { isList: true, isRequired: true })).toBeNull();
    expect(convert(null, 'Json', { isList: true, isRequired: true })).toBe(DbNull);
  });
});

describe('lists', () => {
  it('convert every item with the item rules, and items are required', () => {
    expect(convert(['1', 2, ' -3 '], 'Int', { isList: true })).toEqual([1, 2, -3]);
    expect(() => convert([1, null], 'Int', { isList: true, isRequired: false })).toThrow('null is not allowed');
    expect(() => convert([1, 'x'], 'Int', { isList: true })).toThrow('"x" is not an integer');
  });

  it('refuse a single value where a list is expected', () => {
    expect(() => convert('a', 'String', { isList: true })).toThrow('expected a list, got "a"');
    expect(() => convert(3, 'Int', { isList: true })).toThrow('expected a list, got 3');
  });

  it('pass the time zone to their datetimes', () => {
    expect(convert(['2020-02-16T15:15:00'], 'DateTime', { isList: true }, none, 'Asia/Seoul')).toEqual([new Date('2020-02-16T06:15:00Z')]);
  });
});

describe('enums', () => {
  const enums = new Map([['PostStatus', ['draft', 'published', 'scheduled']]]);

  it('accept exactly the declared values', () => {
    expect(convert('published', 'PostStatus', { kind: 'enum' }, enums)).toBe('published');
  });

  it('refuse anything else with the allowed values listed', () => {
    expect(() => convert('true', 'PostStatus', { kind: 'enum' }, enums)).toThrow('"true" is not one of draft, published, scheduled');
    expect(() => convert('Published', 'PostStatus', { kind: 'enum' }, enums)).toThrow('is not one of');
    expect(() => convert(1, 'PostStatus', { kind: 'enum' }, enums)).toThrow('1 is not one of draft, published, scheduled');
    expect(() => convert('draft', 'Unknown', { kind: 'enum' }, enums)).toThrow(/^"draft" is not one of $/);
  });
});

describe('text', () => {
  it('keeps strings as written and writes numbers and booleans as text', () => {
    expect(convert('  그대로  ', 'String')).toBe('  그대로  ');
    expect(convert('', 'String')).toBe('');
    expect(convert(3.5, 'String')).toBe('3.5');
    expect(convert(-0, 'String')).toBe('0');
    expect(convert(false, 'String')).toBe('false');
  });

  it('refuses objects and lists, showing them', () => {
    expect(() => convert({ a: 1 }, 'String')).toThrow('expected text, got {"a":1}');
    expect(() => convert([1], 'String')).toThrow('expected text, got [1]');
  });

  it('refuses an integer JSON already rounded, and passes the largest exact one', () => {
    expect(() => convert(2 ** 53, 'String')).toThrow('9007199254740992 is beyond 2^53 (Number.MAX_SAFE_INTEGER), so reading the fixture already rounded it; write it as a string to keep it exact');
    expect(convert(2 ** 53 - 1, 'String')).toBe('9007199254740991');
    // A fraction is text as written; a float that large is an integer to JavaScript, so it is refused too.
    expect(convert(1.25, 'String')).toBe('1.25');
    expect(() => convert(1.5e300, 'String')).toThrow('is beyond 2^53');
  });
});

describe('Int', () => {
  it('reads integers and integer text, with spaces and a sign', () => {
    expect(convert(42, 'Int')).toBe(42);
    expect(convert(' 42 ', 'Int')).toBe(42);
    expect(convert('-7', 'Int')).toBe(-7);
    expect(convert(0, 'Int')).toBe(0);
  });

  it('refuses fractions, non-numeric text, booleans and floats written as text', () => {
    for (const v of [1.5, '1.5', 'abc', '', '1e3', '+1', true, '0x10']) expect(() => convert(v, 'Int'), String(v)).toThrow('is not an integer');
    expect(() => convert('1.5', 'Int')).toThrow('"1.5" is not an integer');
    // Lists and objects are shown as the fixture wrote them (not "1" or "[object Object]"), and a long value is cut.
    expect(() => convert([1], 'Int')).toThrow('[1] is not an integer');
    expect(() => convert({ n: 1 }, 'Int')).toThrow('{"n":1} is not an integer');
    const loop: unknown[] = [1];
    loop.push(loop);
    expect(() => convert(loop, 'Int')).toThrow(/^1, is not an integer$/);
    expect(() => convert(`1.${'5'.repeat(100)}`, 'Int')).toThrow(`"1.${'5'.repeat(56)}… is not an integer`);
  });

  it('holds to the 32-bit range at both ends', () => {
    expect(convert(2147483647, 'Int')).toBe(2147483647);
    expect(convert(-2147483648, 'Int')).toBe(-2147483648);
    expect(() => convert(2147483648, 'Int')).toThrow('2147483648 does not fit in a 32-bit Int');
    expect(() => convert('-2147483649', 'Int')).toThrow('-2147483649 does not fit in a 32-bit Int');
  });
});

describe('BigInt', () => {
  it('reads integers and integer text exactly', () => {
    expect(convert(5, 'BigInt')).toBe(5n);
    expect(convert(' -12345678901234567890 ', 'BigInt')).toBe(-12345678901234567890n);
  });

  it('refuses fractions and other text', () => {
    expect(() => convert(1.5, 'BigInt')).toThrow('1.5 is not an integer');
    expect(() => convert('1.0', 'BigInt')).toThrow('"1.0" is not an integer');
    expect(() => convert(true, 'BigInt')).toThrow('true is not an integer');
  });
});

describe('Float', () => {
  it('reads numbers and numeric text', () => {
    expect(convert(0.25, 'Float')).toBe(0.25);
    expect(convert(' 2.5e-3 ', 'Float')).toBe(0.0025);
    expect(convert('-4', 'Float')).toBe(-4);
  });

  it('refuses blank and non-numeric text, booleans and objects', () => {
    expect(() => convert('', 'Float')).toThrow('"" is not a number');
    expect(() => convert('   ', 'Float')).toThrow('is not a number');
    expect(() => convert('abc', 'Float')).toThrow('"abc" is not a number');
    expect(() => convert(true, 'Float')).toThrow('true is not a number');
    expect(() => convert({}, 'Float')).toThrow('is not a number');
  });
});

describe('Decimal', () => {
  it('keeps the digits as text (no float on the way)', () => {
    expect(convert('0.1000000000000000055511151231257827', 'Decimal')).toBe('0.1000000000000000055511151231257827');
    expect(convert(' -3.5 ', 'Decimal')).toBe('-3.5');
    expect(convert('.5', 'Decimal')).toBe('.5');
    expect(convert('.25', 'Decimal')).toBe('.25');
    expect(convert('-12.5', 'Decimal')).toBe('-12.5');
    expect(convert('3e-10', 'Decimal')).toBe('3e-10');
    expect(convert('12e3', 'Decimal')).toBe('12e3');
    expect(convert('5.', 'Decimal')).toBe('5.');
    expect(convert('1e-7', 'Decimal')).toBe('1e-7');
    expect(convert('2E+3', 'Decimal')).toBe('2E+3');
    expect(convert(12.75, 'Decimal')).toBe('12.75');
  });

  it('refuses what is not a decimal number', () => {
    for (const v of ['', '1.2.3', 'abc', '1e', '--1', Infinity, true]) expect(() => convert(v, 'Decimal'), String(v)).toThrow('is not a decimal number');
    expect(() => convert('1.2.3', 'Decimal')).toThrow('"1.2.3" is not a decimal number');
    // JSON reads 1e999 as Infinity; the message says so rather than null.
    expect(() => convert(JSON.parse('1e999'), 'Decimal')).toThrow(/^Infinity is not a decimal number$/);
  });
});

describe('Boolean', () => {
  it('reads booleans, 1/0 and the words Django and YAML use, in any case', () => {
    for (const v of [true, 1, 'true', 'TRUE', ' 1 ', 't', 'Yes', 'y', 'on']) expect(convert(v, 'Boolean'), String(v)).toBe(true);
    for (const v of [false, 0, 'false', 'False', '0', 'f', 'NO', 'n', ' off ']) expect(convert(v, 'Boolean'), String(v)).toBe(false);
  });

  it('refuses anything else, saying what it takes', () => {
    for (const v of [2, -1, '', 'maybe', 'ja', []]) expect(() => convert(v, 'Boolean'), String(v)).toThrow('is not a boolean (use true/false, 1/0)');
    expect(() => convert('maybe', 'Boolean')).toThrow('"maybe" is not a boolean');
  });
});

describe('Json and Bytes', () => {
  it('store JSON as given', () => {
    const value = { a: [1, { b: null }], 한: '글' };
    expect(convert(value, 'Json')).toBe(value);
    expect(convert(0, 'Json')).toBe(0);
  });

  it('read base64 and refuse other text', () => {
    expect(convert('aGVsbG8=', 'Bytes')).toEqual(Buffer.from('hello'));
    expect(convert('aGVs\nbG8=', 'Bytes')).toEqual(Buffer.from('hello'));
    expect(() => convert('héllo', 'Bytes')).toThrow('expected base64 text');
    expect(() => convert(5, 'Bytes')).toThrow('expected base64 text');
  });

  it('refuse types a fixture cannot carry, by name', () => {
    expect(() => convert('x', 'Unsupported')).toThrow('fields of type Unsupported cannot be loaded from a fixture');
  });
});

describe('datetimes', () => {
  it('read offsets, Z and the separators Django writes', () => {
    expect(iso('2020-02-16T15:15:00+09:00')).toBe('2020-02-16T06:15:00.000Z');
    expect(iso('2020-02-16 15:15:00+0900')).toBe('2020-02-16T06:15:00.000Z');
    expect(iso('2020-02-16t15:15:00z')).toBe('2020-02-16T15:15:00.000Z');
    expect(iso('2020-02-16T15:15:00-03:30')).toBe('2020-02-16T18:45:00.000Z');
    expect(iso('  2020-02-16T15:15:00Z  ')).toBe('2020-02-16T15:15:00.000Z');
  });

  it('keep milliseconds from any number of fraction digits (truncated, not rounded)', () => {
    expect(iso('2020-02-16T15:15:00.5Z')).toBe('2020-02-16T15:15:00.500Z');
    expect(iso('2020-02-16T15:15:00.12Z')).toBe('2020-02-16T15:15:00.120Z');
    expect(iso('2020-02-16T15:15:00.123999Z')).toBe('2020-02-16T15:15:00.123Z');
    expect(iso('2020-02-16T15:15:00.999999999+09:00')).toBe('2020-02-16T06:15:00.999Z');
  });

  it('read hours and minutes without seconds, and a bare date as midnight UTC even with a site zone', () => {
    expect(iso('2020-02-16T15:15Z')).toBe('2020-02-16T15:15:00.000Z');
    expect(iso('2020-02-16')).toBe('2020-02-16T00:00:00.000Z');
    expect(iso('2020-02-16', 'Asia/Seoul')).toBe('2020-02-16T00:00:00.000Z');
  });

  it('read the edges of each part', () => {
    expect(iso('2020-12-31T23:59:59Z')).toBe('2020-12-31T23:59:59.000Z');
    expect(iso('2020-01-01T00:00:00Z')).toBe('2020-01-01T00:00:00.000Z');
    expect(iso('2020-01-31T00:00:00Z')).toBe('2020-01-31T00:00:00.000Z');
    expect(iso('0099-03-01T00:00:00Z')).toBe('0099-03-01T00:00:00.000Z');
  });

  it('refuse other shapes, naming the value and an example', () => {
    for (const v of ['2020/02/16', '16.02.2020', '2020-2-16', '2020-02-16T15', '2020-02-16T15:15:00+9', '2020-02-16T15:15:00.1234567890Z', 'x2020-02-16', '2020-02-16x', 20200216, null, {}]) {
      expect(() => parseDateTime(v), String(v)).toThrow('is not an ISO 8601 datetime (expected e.g. "2020-02-16T15:15:00+09:00")');
    }
    expect(() => parseDateTime('2020/02/16')).toThrow('"2020/02/16" is not an ISO 8601');
  });

  it('refuse impossible parts one at a time', () => {
    expect(() => parseDateTime('2020-02-16T15:15:60Z')).toThrow('"2020-02-16T15:15:60Z" is not a valid date');
    expect(() => parseDateTime('2020-02-16T15:60:00Z')).toThrow('is not a valid date');
    expect(() => parseDateTime('2020-02-16T24:00:00Z')).toThrow('is not a valid date');
    expect(() => parseDateTime('2020-02-32')).toThrow('is not a valid date');
    expect(() => parseDateTime('2021-02-29')).toThrow('is not a valid date');
    expect(() => parseDateTime('2020-13-01')).toThrow('is not a valid date');
  });

  it('hold offsets to the range places use, -12:00 to +14:00, and minutes to 59', () => {
    expect(iso('2020-01-01T00:00:00+14:00')).toBe('2019-12-31T10:00:00.000Z');
    expect(iso('2020-01-01T00:00:00-12:00')).toBe('2020-01-01T12:00:00.000Z');
    expect(() => parseDateTime('2020-01-01T00:00:00+14:01')).toThrow('has UTC offset +14:01, which no place uses (-12:00 to +14:00)');
    expect(() => parseDateTime('2020-01-01T00:00:00-12:01')).toThrow('has UTC offset -12:01');
    expect(() => parseDateTime('2020-01-01T00:00:00+05:60')).toThrow('has UTC offset +05:60');
    expect(iso('2020-01-01T00:00:00+05:59')).toBe('2019-12-31T18:01:00.000Z');
  });

  it('pass a valid Date through and refuse an invalid one', () => {
    const d = new Date('2020-02-16T06:15:00Z');
    expect(parseDateTime(d)).toBe(d);
    expect(() => parseDateTime(new Date(Number.NaN))).toThrow('is not an ISO 8601 datetime');
  });

  it('read a naive datetime in the site zone when given, and in UTC when not', () => {
    expect(iso('2020-02-16T15:15:00', 'Asia/Seoul')).toBe('2020-02-16T06:15:00.000Z');
    expect(iso('2020-02-16T15:15:00')).toBe('2020-02-16T15:15:00.000Z');
    // An offset in the text wins over the site zone.
    expect(iso('2020-02-16T15:15:00Z', 'Asia/Seoul')).toBe('2020-02-16T15:15:00.000Z');
    expect(iso('2020-02-16T15:15:00.250', 'Asia/Seoul')).toBe('2020-02-16T06:15:00.250Z');
    expect(iso('2020-02-16T15:15:00', 'America/St_Johns')).toBe('2020-02-16T18:45:00.000Z');
  });

  it('read naive times around DST in the zone’s offset at that instant; a skipped time moves forward', () => {
    // New York: EST (-5) in January, EDT (-4) in July; 2021-03-14 02:30 does not exist (clocks jump 02:00 → 03:00).
    expect(iso('2021-01-15T12:00:00', 'America/New_York')).toBe('2021-01-15T17:00:00.000Z');
    expect(iso('2021-07-15T12:00:00', 'America/New_York')).toBe('2021-07-15T16:00:00.000Z');
    expect(iso('2021-03-14T01:59:00', 'America/New_York')).toBe('2021-03-14T06:59:00.000Z');
    expect(iso('2021-03-14T03:00:00', 'America/New_York')).toBe('2021-03-14T07:00:00.000Z');
    expect(iso('2021-03-14T02:30:00', 'America/New_York')).toBe('2021-03-14T07:30:00.000Z');
    // 2021-11-07 01:30 happens twice (EDT, then EST again): the first, as Django's fold=0.
    expect(iso('2021-11-07T01:30:00', 'America/New_York')).toBe('2021-11-07T05:30:00.000Z');
    expect(iso('2021-11-07T00:59:00', 'America/New_York')).toBe('2021-11-07T04:59:00.000Z');
    expect(iso('2021-11-07T02:00:00', 'America/New_York')).toBe('2021-11-07T07:00:00.000Z');
    // Seoul has had no DST since 1988: the same offset either side.
    expect(iso('2021-03-14T02:30:00', 'Asia/Seoul')).toBe('2021-03-13T17:30:00.000Z');
    // Southern hemisphere and a half-hour zone with DST: Adelaide is +10:30 in January, +9:30 in July.
    expect(iso('2021-01-15T12:00:00', 'Australia/Adelaide')).toBe('2021-01-15T01:30:00.000Z');
    expect(iso('2021-07-15T12:00:00', 'Australia/Adelaide')).toBe('2021-07-15T02:30:00.000Z');
    // Far from the epoch and with a fraction, the zone's offset is still whole minutes.
    expect(iso('1990-06-01T09:00:00.750', 'Europe/Berlin')).toBe('1990-06-01T07:00:00.750Z');
  });

  it('convert through convertValue with the zone given', () => {
    expect(convert('2020-02-16T08:30:00', 'DateTime', {}, none, 'Asia/Seoul')).toEqual(new Date('2020-02-15T23:30:00Z'));
    expect(() => convert('nope', 'DateTime')).toThrow('"nope" is not an ISO 8601 datetime');
  });
});
