// ModelAdmin entries are typed by the generated Prisma client: an unknown model or field fails `tsc` (npm test
// type-checks first, and an unused @ts-expect-error is itself an error, so these lines fail if the typing loosens).
// At run time `manage check` reports the same (lib/manage/tests/admin-checks.test.ts).
import { describe, expect, it } from 'vitest';
import type { ModelAdmin, ModelField } from '../app';

const good: ModelAdmin[] = [
  {
    model: 'Post',
    listDisplay: ['title', 'status', 'publishedAt', 'category'],
    listFilter: ['status', 'category'],
    searchFields: ['title', 'source'],
    ordering: ['-publishedAt', 'title'],
    fieldsets: [{ title: '본문', fields: ['title', 'slug', 'source'] }],
    readonlyFields: ['createdAt'],
    prepopulatedFields: { slug: ['title'] },
  },
  { model: 'Category', listDisplay: ['name', 'slug', 'parent'] },
];

const bad: ModelAdmin[] = [
  // @ts-expect-error no model is called GaleryItem
  { model: 'GaleryItem', listDisplay: ['titel'] },
  // @ts-expect-error Post has no field titel
  { model: 'Post', listDisplay: ['titel'] },
  // @ts-expect-error descending needs a real field too
  { model: 'Post', ordering: ['-publishedat'] },
  // @ts-expect-error prepopulated from a field of another model
  { model: 'Tag', prepopulatedFields: { slug: ['title'] } },
];

describe('ModelAdmin types', () => {
  it('are checked by tsc (this file is part of the type-check); at run time they are plain data', () => {
    const postFields: ModelField<'Post'>[] = ['title', 'slug'];
    expect(good.map((a) => a.model)).toEqual(['Post', 'Category']);
    expect(bad).toHaveLength(4);
    expect(postFields).toEqual(['title', 'slug']);
  });
});
