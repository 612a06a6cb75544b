// A page of post summaries with pagination, used by the home, category and tag pages.
import Link from 'next/link';
import { formatDate } from '../../../lib/format';
import { categoryHref, postHref, t, type Lang } from '../../../lib/i18n';
import type { PostPage } from '../data';

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
                <Link href={postHref(lang, post.slug)}>{post.title}</Link>
              </h2>
              <p className="post-item-excerpt">{post.excerpt}</p>
              <p className="post-meta">
                {post.category && (
                  <Link href={categoryHref(lang, post.category.path)} className="post-category">
                    {post.category.name}
                  </Link>
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
            <Link href={pageHref(page.page - 1)} rel="prev">
              {dict.newer}
            </Link>
          ) : (
            <span />
          )}
          <span className="pagination-status" aria-current="page">
            {dict.page(page.page, page.pageCount)}
          </span>
          {page.page < page.pageCount ? (
            <Link href={pageHref(page.page + 1)} rel="next">
              {dict.older}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
