// A post as readers see it: header, table of contents, the pre-compiled body, tags and neighbours.
// Rendered by the Pages Router route pages/read/[lang]/[slug].tsx so the page ships no framework JavaScript.
import { PageFrame, SiteHeader, Sidebar } from '../../../components/site-chrome';
import { formatDate } from '../../../lib/format';
import { categoryHref, href, postHref, t, tagHref, type Lang } from '../../../lib/i18n';
import { MdxBody } from '../../../lib/mdx/render';
import { loadedEmbeds, loadedEmbedSchemas } from '../../../lib/embeds';
import type { CategoryTree, PostDetail } from '../queries';

export interface PostPageProps {
  lang: Lang;
  post: PostDetail;
  tree: CategoryTree;
  tags: { name: string; slug: string; count: number }[];
}

export function PostView({ lang, post, tree, tags }: PostPageProps) {
  const dict = t(lang);
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  return (
    <PageFrame
      lang={lang}
      header={<SiteHeader lang={lang} switchHref={postHref(other, post.slug)} />}
      sidebar={<Sidebar tree={tree} tags={tags} lang={lang} />}
    >
      <article className="post" lang="ko">
        <header className="post-header">
          {post.category && (
            <a href={categoryHref(lang, post.category.path)} className="post-category">
              {post.category.name}
            </a>
          )}
          <h1 className="post-title">{post.title}</h1>
          <p className="post-meta">
            <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
            <span aria-hidden="true">·</span>
            <span>{dict.readingTime(post.readingMinutes)}</span>
          </p>
        </header>
        {post.toc.length > 1 && (
          <nav className="toc" aria-label={dict.toc}>
            <details open>
              <summary>{dict.toc}</summary>
              <ol>
                {post.toc.map((entry) => (
                  <li key={entry.id} className={`toc-depth-${entry.depth}`}>
                    <a href={`#${entry.id}`}>{entry.text}</a>
                  </li>
                ))}
              </ol>
            </details>
          </nav>
        )}
        <div className="prose">
          <MdxBody cacheKey={`${post.id}:${post.version}`} code={post.code} embeds={loadedEmbeds()} schemas={loadedEmbedSchemas()} />
        </div>
        {post.tags.length > 0 && (
          <ul className="post-tags" aria-label={dict.tags}>
            {post.tags.map((tag) => (
              <li key={tag.slug}>
                <a href={tagHref(lang, tag.slug)}>#{tag.name}</a>
              </li>
            ))}
          </ul>
        )}
        <nav className="post-neighbours" aria-label={`${dict.previousPost} / ${dict.nextPost}`}>
          {post.previous ? (
            <a href={postHref(lang, post.previous.slug)} rel="prev" className="neighbour prev">
              <span className="neighbour-label">{dict.previousPost}</span>
              <span className="neighbour-title">{post.previous.title}</span>
            </a>
          ) : (
            <span />
          )}
          {post.next ? (
            <a href={postHref(lang, post.next.slug)} rel="next" className="neighbour next">
              <span className="neighbour-label">{dict.nextPost}</span>
              <span className="neighbour-title">{post.next.title}</span>
            </a>
          ) : (
            <span />
          )}
        </nav>
      </article>
      <p className="back-home">
        <a href={href(lang, '/')}>{dict.backHome}</a>
      </p>
    </PageFrame>
  );
}
