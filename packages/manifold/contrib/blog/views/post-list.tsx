// A page of post summaries with pagination, used by the home, category, tag and search pages.
import { formatDate } from '../../../lib/format';
import { t, type Lang } from '../../../lib/i18n';
import type { PostPage, PostSummary } from '../data';
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
              <PostMeta post={post} lang={lang} />
            </article>
          </li>
        ))}
      </ol>
      <Pagination page={page.page} pageCount={page.pageCount} href={pageHref} label={dict.page(page.page, page.pageCount)} prev={dict.newer} next={dict.older} />
    </>
  );
}

/** Previous/next links around "n / N"; nothing when there is one page. */
export function Pagination({ page, pageCount, href, label, prev, next }: { page: number; pageCount: number; href: (n: number) => string; label: string; prev: string; next: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {prev}
        </a>
      ) : (
        <span />
      )}
      <span className="pagination-status" aria-current="page">
        {label}
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          {next}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A listed post's category (a link) and date. */
export function PostMeta({ post, lang }: { post: Pick<PostSummary, 'category' | 'publishedAt'> & Pick<Partial<PostSummary>, 'comments' | 'slug'>; lang: Lang }) {
  return (
    <p className="post-meta">
      {post.category && (
        <a href={categoryUrl(lang, post.category.path)} className="post-category">
          {post.category.name}
        </a>
      )}
      <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
      {post.comments !== undefined && post.comments > 0 && post.slug && (
        <a href={`${postUrl(lang, post.slug)}#comments`} className="post-comment-count">
          {t(lang).commentCount(post.comments)}
        </a>
      )}
    </p>
  );
}
