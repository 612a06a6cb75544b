// How the automatic admin shows and edits the blog's models (Django's admin.py): posts, categories, tags and series.
// Browser-safe (options only); what runs around a save is in admin-hooks.ts.
import type { ModelAdmin } from '../../lib/app';

const admin: ModelAdmin[] = [
  {
    model: 'Post',
    verboseName: '글',
    verboseNamePlural: '글',
    // compiles(): a column the admin hooks compute (a post whose latest source failed to compile is marked).
    listDisplay: ['title', 'status', 'category', 'author', 'publishedAt', 'updatedAt', 'compiles()'],
    listFilter: ['status', 'format', 'category', 'publishedAt', 'tags'],
    // 컴파일 오류 있음: posts whose latest source failed to compile (also `manage blog errors`).
    emptyFilters: ['compileError'],
    searchFields: ['title', 'excerpt', 'slug'],
    dateHierarchy: 'publishedAt',
    ordering: ['-publishedAt', '-id'],
    prepopulatedFields: { slug: ['title'] },
    readonlyFields: ['compiledCode', 'toc', 'embeds', 'searchText', 'readingMinutes', 'compileError', 'createdAt', 'updatedAt'],
    autocompleteFields: ['author'],
    ownerField: 'author',
    fieldLabels: {
      title: { ko: '제목', en: 'Title' },
      slug: { ko: '주소', en: 'Slug' },
      status: { ko: '상태', en: 'Status' },
      category: { ko: '카테고리', en: 'Category' },
      author: { ko: '작성자', en: 'Author' },
      tags: { ko: '태그', en: 'Tags' },
      publishedAt: { ko: '발행 시각', en: 'Published at' },
      updatedAt: { ko: '수정 시각', en: 'Updated at' },
      createdAt: { ko: '만든 시각', en: 'Created at' },
      excerpt: { ko: '요약', en: 'Excerpt' },
      source: { ko: '본문', en: 'Source' },
      format: { ko: '형식', en: 'Format' },
      coverImage: { ko: '표지 이미지', en: 'Cover image' },
      seoTitle: { ko: 'SEO 제목', en: 'SEO title' },
      seoDescription: { ko: 'SEO 설명', en: 'SEO description' },
      compileError: { ko: '컴파일 오류', en: 'Compile errors' },
      readingMinutes: { ko: '읽는 시간(분)', en: 'Reading minutes' },
      toc: { ko: '목차', en: 'Table of contents' },
      embeds: { ko: '임베드', en: 'Embeds' },
      searchText: { ko: '검색용 텍스트', en: 'Search text' },
      compiledCode: { ko: '컴파일 결과', en: 'Compiled output' },
    },
    choiceLabels: {
      status: { draft: { ko: '초안', en: 'Draft' }, published: { ko: '발행됨', en: 'Published' }, scheduled: { ko: '예약됨', en: 'Scheduled' } },
      format: { markdown: { ko: 'Markdown', en: 'Markdown' }, mdx: { ko: 'MDX', en: 'MDX' } },
    },
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
    fieldLabels: {
      name: { ko: '이름', en: 'Name' },
      slug: { ko: '주소', en: 'Slug' },
      description: { ko: '설명', en: 'Description' },
      order: { ko: '순서', en: 'Order' },
      parent: { ko: '상위 카테고리', en: 'Parent' },
      children: { ko: '하위 카테고리', en: 'Subcategories' },
    },
  },
  {
    model: 'Tag',
    verboseName: '태그',
    verboseNamePlural: '태그',
    listDisplay: ['name', 'slug'],
    searchFields: ['name', 'slug'],
    ordering: ['name'],
    prepopulatedFields: { slug: ['name'] },
    fieldLabels: { name: { ko: '이름', en: 'Name' }, slug: { ko: '주소', en: 'Slug' } },
  },
  {
    // A series the editor's picker offers; a post's place in it is set on the post (seriesOrder).
    model: 'Series',
    verboseName: '시리즈',
    verboseNamePlural: '시리즈',
    listDisplay: ['title', 'slug'],
    searchFields: ['title', 'slug', 'description'],
    ordering: ['title'],
    prepopulatedFields: { slug: ['title'] },
    fieldLabels: { title: { ko: '제목', en: 'Title' }, slug: { ko: '주소', en: 'Slug' }, description: { ko: '설명', en: 'Description' } },
  },
  {
    // Old addresses of moved-in posts (manage import …, manage redirects …): each answers with a 301 to its post. A path
    // typed here is checked and normalised as the commands do it (admin-hooks.ts).
    model: 'LegacyPath',
    verboseName: '옛 주소',
    verboseNamePlural: '옛 주소',
    listDisplay: ['path', 'post', 'source', 'createdAt'],
    listFilter: ['source'],
    searchFields: ['path'],
    ordering: ['path'],
    autocompleteFields: ['post'],
    readonlyFields: ['createdAt'],
    fieldLabels: {
      path: { ko: '옛 주소 (경로)', en: 'Old address (path)' },
      post: { ko: '글', en: 'Post' },
      source: { ko: '출처', en: 'Source' },
      createdAt: { ko: '만든 시각', en: 'Created at' },
    },
    choiceLabels: {
      source: {
        manual: { ko: '직접 입력', en: 'Manual' },
        wordpress: { ko: 'WordPress 가져오기', en: 'WordPress import' },
        ghost: { ko: 'Ghost 가져오기', en: 'Ghost import' },
        feed: { ko: '피드 가져오기', en: 'Feed import' },
        pattern: { ko: '주소 패턴', en: 'Pattern' },
      },
    },
  },
];

export default admin;
