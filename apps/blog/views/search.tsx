// The search page: a plain GET form (works without JavaScript) and matching published posts.
import { href, t, type Lang } from '../../../lib/i18n';
import { searchPosts } from '../data';
import { BlogFrame } from './frame';
import { PostList } from './post-list';

export async function SearchView({ lang, query }: { lang: Lang; query: string }) {
  const dict = t(lang);
  const q = query.trim().slice(0, 100);
  const posts = q ? await searchPosts(q) : [];
  return (
    <BlogFrame lang={lang} path="/search">
      <h1 className="list-heading">{dict.search}</h1>
      <form action={href(lang, '/search')} method="get" role="search" className="search-form">
        <label htmlFor="search-q" className="visually-hidden">
          {dict.search}
        </label>
        <input id="search-q" name="q" type="search" defaultValue={q} placeholder={dict.searchPlaceholder} maxLength={100} />
        <button type="submit">{dict.search}</button>
      </form>
      {q && <p className="search-summary">{dict.searchResults(q, posts.length)}</p>}
      {q && <PostList page={{ posts, page: 1, pageCount: 1, total: posts.length }} lang={lang} pageHref={() => ''} />}
    </BlogFrame>
  );
}
