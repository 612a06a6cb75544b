// How the automatic admin shows and edits the blog's models (Django's admin.py): posts, categories and tags.
// Browser-safe (options only); what runs around a save is in admin-hooks.ts.
import type { ModelAdmin } from '../../lib/app';

const admin: ModelAdmin[] = [
  {
    model: 'Post',
    verboseName: '글',
    verboseNamePlural: '글',
    listDisplay: ['title', 'status', 'category', 'author', 'publishedAt', 'updatedAt'],
    listFilter: ['status', 'category', 'publishedAt', 'tags'],
    searchFields: ['title', 'excerpt', 'slug'],
    dateHierarchy: 'publishedAt',
    ordering: ['-publishedAt', '-id'],
    prepopulatedFields: { slug: ['title'] },
    readonlyFields: ['compiledCode', 'toc', 'embeds', 'searchText', 'readingMinutes', 'compileError', 'createdAt', 'updatedAt'],
    autocompleteFields: ['author'],
    ownerField: 'author',
    fieldsets: [
      { fields: ['title', 'slug', 'status', 'publishedAt', 'category', 'tags', 'author'] },
      { title: '본문', fields: ['excerpt', 'source'] },
      { title: 'SEO', fields: ['coverImage', 'seoTitle', 'seoDescription'] },
      { title: '컴파일 결과', fields: ['compileError', 'readingMinutes', 'toc', 'embeds', 'searchText', 'compiledCode', 'createdAt', 'updatedAt'] },
    ],
    actions: [
      { name: 'publish', label: '선택한 글 발행', labelEn: 'Publish selected posts', permission: 'blog.publish_post' },
      { name: 'unpublish', label: '선택한 글 발행 취소', labelEn: 'Unpublish selected posts', permission: 'blog.publish_post' },
    ],
  },
  {
    model: 'Category',
    verboseName: '카테고리',
    verboseNamePlural: '카테고리',
    listDisplay: ['name', 'slug', 'parent', 'order'],
    listFilter: ['parent'],
    searchFields: ['name', 'slug'],
    ordering: ['order', 'name'],
    prepopulatedFields: { slug: ['name'] },
    inlines: [{ field: 'children', fields: ['name', 'slug', 'order'], extra: 1 }],
  },
  {
    model: 'Tag',
    verboseName: '태그',
    verboseNamePlural: '태그',
    listDisplay: ['name', 'slug'],
    searchFields: ['name', 'slug'],
    ordering: ['name'],
    prepopulatedFields: { slug: ['name'] },
  },
];

export default admin;
