// UI strings: Korean first, English under /en. Post content is written in one language and is not translated.
export const LANGS = ['ko', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

const ko = {
  allPosts: '분류 전체보기',
  categories: '카테고리',
  tags: '태그',
  recentPosts: '최근 글',
  readingTime: (m: number) => `${m}분 읽기`,
  commentCount: (n: number) => `댓글 ${n}`,
  toc: '목차',
  previousPost: '이전 글',
  nextPost: '다음 글',
  page: (n: number, of: number) => `${n} / ${of} 페이지`,
  pageTitle: (n: number) => `${n}페이지`,
  newer: '← 최신 글',
  older: '이전 글 →',
  noPosts: '아직 글이 없습니다.',
  notFoundTitle: '페이지를 찾을 수 없습니다',
  notFoundBody: '주소가 바뀌었거나 글이 삭제되었을 수 있습니다.',
  backHome: '홈으로 돌아가기',
  unavailableTitle: '잠시 후 다시 시도해 주세요',
  unavailableBody: '사이트의 데이터베이스에 잠시 연결할 수 없습니다. 몇 초 뒤에 다시 열어 주세요.',
  errorTitle: '문제가 생겼습니다',
  errorBody: '이 페이지를 보여 드리는 중에 오류가 났습니다. 잠시 뒤에 다시 시도해 주세요.',
  search: '검색',
  searchPlaceholder: '글 검색…',
  searchResults: (q: string, n: number) => `“${q}” 검색 결과 ${n}건`,
  postsIn: (name: string, n: number) => `${name} (${n})`,
  taggedWith: (name: string) => `#${name}`,
  themeToggle: '다크 모드 전환',
  language: 'English',
  languageHref: 'en',
  skipToContent: '본문으로 건너뛰기',
  menu: '메뉴',
  feed: 'RSS 피드',
  postedIn: '분류',
  poweredBy: 'Manifold로 만들었습니다',
  share: '공유하기',
  copyLink: '링크 복사',
  linkCopied: '링크를 복사했습니다',
  copyFailed: '복사하지 못했습니다',
  /** Around a site's name in a share link's accessible name ("X에 공유 (새 창)"): the visible name stays its start. */
  shareBefore: '',
  shareAfter: '에 공유 (새 창)',
  naver: '네이버',
};

type Dict = typeof ko;

const en: Dict = {
  allPosts: 'All posts',
  categories: 'Categories',
  tags: 'Tags',
  recentPosts: 'Recent posts',
  readingTime: (m) => `${m} min read`,
  commentCount: (n) => `${n} comment${n === 1 ? '' : 's'}`,
  toc: 'Contents',
  previousPost: 'Previous',
  nextPost: 'Next',
  page: (n, of) => `Page ${n} of ${of}`,
  pageTitle: (n) => `Page ${n}`,
  newer: '← Newer',
  older: 'Older →',
  noPosts: 'No posts yet.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'The address may have changed or the post may have been removed.',
  backHome: 'Back to home',
  unavailableTitle: 'Try again in a moment',
  unavailableBody: "The site's database is unavailable for a moment; reload in a few seconds.",
  errorTitle: 'Something went wrong',
  errorBody: 'An error occurred while showing this page; try again later.',
  search: 'Search',
  searchPlaceholder: 'Search posts…',
  searchResults: (q, n) => `${n} result(s) for “${q}”`,
  postsIn: (name, n) => `${name} (${n})`,
  taggedWith: (name) => `#${name}`,
  themeToggle: 'Toggle dark mode',
  language: '한국어',
  languageHref: 'ko',
  skipToContent: 'Skip to content',
  menu: 'Menu',
  feed: 'RSS feed',
  postedIn: 'Category',
  poweredBy: 'Made with Manifold',
  share: 'Share',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  copyFailed: 'Could not copy',
  shareBefore: 'Share on ',
  shareAfter: ' (opens in a new window)',
  naver: 'Naver',
};

export function t(lang: Lang): Dict {
  return lang === 'en' ? en : ko;
}
