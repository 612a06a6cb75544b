// The search page: a plain GET form (works without JavaScript) and matching published posts.
import { t, type Lang } from '../../../lib/i18n';
import type { PostSummary } from '../data';
import { searchUrl } from '../urls';
import { BlogFrame, type ReaderChrome } from './frame';
import { ReaderHead } from './head';
import { PostList } from './post-list';

export interface SearchPageProps {
  lang: Lang;
  chrome: ReaderChrome;
  /** Trimmed and cut to MAX_QUERY_LENGTH by the loader; empty shows the form alone. */
  query: string;
  posts: PostSummary[];
}

export function SearchView({ lang, chrome, query, posts }: SearchPageProps) {
  const dict = t(lang);
  const urlIn = (l: Lang) => searchUrl(l, query);
  return (
    <>
      <ReaderHead lang={lang} title={query ? `${dict.search}: ${query}` : dict.search} urlIn={urlIn} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={urlIn}>
        <h1 className="list-heading">{dict.search}</h1>
        <form action={searchUrl(lang)} method="get" role="search" className="search-form">
          <label htmlFor="search-q" className="visually-hidden">
            {dict.search}
          </label>
          <input id="search-q" name="q" type="search" defaultValue={query} placeholder={dict.searchPlaceholder} maxLength={100} />
          <button type="submit">{dict.search}</button>
        </form>
        {query && <p className="search-summary">{dict.searchResults(query, posts.length)}</p>}
        {query && <PostList page={{ posts, page: 1, pageCount: 1, total: posts.length }} lang={lang} pageHref={() => ''} />}
      </BlogFrame>
    </>
  );
}
