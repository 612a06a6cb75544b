// A reader's search request, read once for the page and the API: what is refused and why, in Korean and English.
// Imported by the search page's view too, so nothing here reaches the database.

/** Longest query read; the search page and the API refuse a longer one with a message, other callers cut it. */
export const MAX_QUERY_LENGTH = 100;

/** Results per page on the search page (the API's default limit too). */
export const SEARCH_PAGE_SIZE = 10;
export const MAX_LIMIT = 50;
export const MAX_OFFSET = 1000;

export type QueryProblem = 'empty' | 'long';

export const QUERY_PROBLEMS: Record<QueryProblem, { ko: string; en: string }> = {
  empty: { ko: '검색어를 입력하세요.', en: 'Enter a search term.' },
  long: { ko: `검색어가 너무 깁니다. ${MAX_QUERY_LENGTH}자 이하로 줄여 주세요.`, en: `The search term is too long: use ${MAX_QUERY_LENGTH} characters or fewer.` },
};

/** The query as searched (trimmed, spaces collapsed), or why it is not searched. */
export function readQuery(raw: string | null | undefined): { query: string } | { problem: QueryProblem; query: string } {
  const query = (raw ?? '').normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!query) return { problem: 'empty', query };
  if ([...query].length > MAX_QUERY_LENGTH) return { problem: 'long', query: [...query].slice(0, MAX_QUERY_LENGTH).join('') };
  return { query };
}

/** A whole number in [min, max] from a query parameter, the default when absent, or null when it is anything else. */
export function readInt(raw: string | null, fallback: number, min: number, max: number): number | null {
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}
