// The search page: a plain GET form (works without JavaScript) and the ranked results, each with its title and best
// passage with the query's words marked. lib/search-script.mjs (inlined, hashed for the CSP like the theme script)
// turns the form into results-as-you-type through GET /api/search, waiting out Korean IME composition.
import { t, type Lang } from '../../../lib/i18n';
import { searchScript } from '../../../lib/search-script.mjs';
import type { SearchHit } from '../search/query';
import type { Segment } from '../search/snippet';
import { QUERY_PROBLEMS, SEARCH_PAGE_SIZE, type QueryProblem } from '../search/request';
import { postUrl, searchUrl } from '../urls';
import { BlogFrame, type ReaderChrome } from './frame';
import { ReaderHead } from './head';
import { Pagination, PostMeta } from './post-list';

export interface SearchPageProps {
  lang: Lang;
  chrome: ReaderChrome;
  /** As searched (trimmed, spaces collapsed); empty shows the form alone. */
  query: string;
  problem: QueryProblem | null;
  hits: SearchHit[];
  total: number;
  /** `total` is a floor (a query with a word most posts have is counted no further): "1,000+". */
  capped: boolean;
  page: number;
  /** Words of the query past the limit, not searched. */
  dropped: string[];
}

const TEXT = {
  ko: {
    label: '검색어',
    results: (q: string, n: number, capped: boolean) => `“${q}” 검색 결과 ${n.toLocaleString('ko-KR')}건${capped ? ' 이상' : ''}`,
    none: (q: string) => `“${q}”에 맞는 글이 없습니다.`,
    hint: '철자를 확인하거나, 더 짧은 낱말 또는 영어·한국어 표기(예: 트랜스포머 ↔ Transformer)로 찾아 보세요.',
    dropped: (words: string[]) => `검색어가 많아 다음 낱말은 빼고 찾았습니다: ${words.join(', ')}`,
    page: (n: number) => `${n}페이지`,
    prev: '← 이전 결과',
    next: '다음 결과 →',
  },
  en: {
    label: 'Search terms',
    results: (q: string, n: number, capped: boolean) => `${n.toLocaleString('en-US')}${capped ? '+' : ''} result${n === 1 && !capped ? '' : 's'} for “${q}”`,
    none: (q: string) => `No posts match “${q}”.`,
    hint: 'Check the spelling, or try a shorter word or the Korean/English term (e.g. 트랜스포머 ↔ Transformer).',
    dropped: (words: string[]) => `Too many words; these were left out: ${words.join(', ')}`,
    page: (n: number) => `page ${n}`,
    prev: '← Previous',
    next: 'Next →',
  },
} as const;

function Marked({ parts }: { parts: Segment[] }) {
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : p.text))}
    </>
  );
}

export function SearchView({ lang, chrome, query, problem, hits, total, capped, page, dropped }: SearchPageProps) {
  const dict = t(lang);
  const text = TEXT[lang];
  const urlIn = (l: Lang) => searchUrl(l, query);
  const pageHref = (n: number) => searchUrl(lang, query, n);
  const pageCount = Math.max(1, Math.ceil(Math.min(total, 1000) / SEARCH_PAGE_SIZE));
  const title = query && !problem ? `${dict.search}: ${query}${page > 1 ? ` (${text.page(page)})` : ''}` : dict.search;
  const message = problem && problem !== 'empty' ? QUERY_PROBLEMS[problem][lang] : null;
  return (
    <>
      <ReaderHead lang={lang} title={title} urlIn={urlIn} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={urlIn}>
        <h1 className="list-heading">{dict.search}</h1>
        <form action={searchUrl(lang)} method="get" role="search" className="search-form" data-search-form="" data-lang={lang}>
          <label htmlFor="search-q" className="visually-hidden">
            {text.label}
          </label>
          <input id="search-q" name="q" type="search" defaultValue={query} placeholder={dict.searchPlaceholder} maxLength={100} autoComplete="off" enterKeyHint="search" aria-describedby="search-status" />
          <button type="submit">{dict.search}</button>
        </form>
        <div id="search-results" data-search-results="">
          <p id="search-status" className="search-summary" role="status" aria-live="polite">
            {message ?? (query && !problem ? (total ? text.results(query, total, capped) : text.none(query)) : '')}
          </p>
          {query && !problem && total === 0 && <p className="search-hint">{text.hint}</p>}
          {dropped.length > 0 && <p className="search-hint">{text.dropped(dropped)}</p>}
          {hits.length > 0 && (
            <ol className="search-list" start={(page - 1) * SEARCH_PAGE_SIZE + 1}>
              {hits.map((hit) => (
                <li key={hit.slug} className="search-hit">
                  <article>
                    <h2 className="post-item-title">
                      <a href={postUrl(lang, hit.slug)}>
                        <Marked parts={hit.titleParts} />
                      </a>
                    </h2>
                    <p className="search-snippet">
                      <Marked parts={hit.snippet} />
                    </p>
                    <PostMeta post={hit} lang={lang} />
                  </article>
                </li>
              ))}
            </ol>
          )}
          {hits.length > 0 && <Pagination page={page} pageCount={pageCount} href={pageHref} label={dict.page(page, pageCount)} prev={text.prev} next={text.next} />}
        </div>
        <script dangerouslySetInnerHTML={{ __html: searchScript }} />
      </BlogFrame>
    </>
  );
}
