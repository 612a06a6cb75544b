// A page of post summaries with pagination, used by the home, category, tag and search pages.
import { formatDate } from '../../../lib/format';
import { t, type Lang } from '../../../lib/i18n';
import type { PostPage } from '../data';
import { categoryUrl, postUrl } from '../urls';

export function PostList({ page, lang, pageHref }: { page: PostPage; lang: Lang; pageHref: (n: number) => string }) {
  const dict = t(lang);
  if (page.posts.length === 0) return <p className="empty">{dict.noPosts}</p>;
  return (
    <>
      <ol className="post-list">
        {page.posts.map((post) => (
          <li key={post.slug} className="post-item">
            <article>
              <h2 className="post-item-title">
                <a href={postUrl(lang, post.slug)}>{post.title}</a>
              </h2>
              <p className="post-item-excerpt">{post.excerpt}</p>
              <p className="post-meta">
                {post.category && (
                  <a href={categoryUrl(lang, post.category.path)} className="post-category">
                    {post.category.name}
                  </a>
                )}
                <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
              </p>
            </article>
          </li>
        ))}
      </ol>
      {page.pageCount > 1 && (
        <nav className="pagination" aria-label={dict.page(page.page, page.pageCount)}>
          {page.page > 1 ? (
            <a href={pageHref(page.page - 1)} rel="prev">
              {dict.newer}
            </a>
          ) : (
            <span />
          )}
          <span className="pagination-status" aria-current="page">
            {dict.page(page.page, page.pageCount)}
          </span>
          {page.page < page.pageCount ? (
            <a href={pageHref(page.page + 1)} rel="next">
              {dict.older}
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
