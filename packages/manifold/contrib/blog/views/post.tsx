// A post as readers see it: header, table of contents, the pre-compiled body, tags and neighbours.
// Rendered by pages/[lang]/posts/[slug].tsx, which ships no framework JavaScript; demos come back as islands.
import { formatDate } from '../../../lib/format';
import { t, type Lang } from '../../../lib/i18n';
import { MdxBody, type EmbedData } from '../../../lib/mdx/render';
import { loadedEmbeds, loadedEmbedSchemas } from '../../../lib/embeds';
import type { PostDetail } from '../data';
import { categoryUrl, homeUrl, postUrl, tagUrl } from '../urls';
import { BlogFrame, type ReaderChrome } from './frame';
import { PostHead } from './post-head';

export interface PostPageProps {
  lang: Lang;
  chrome: ReaderChrome;
  post: PostDetail;
  /** What the apps' embed data resolvers found for the post's embeds (lib/embed-data.ts), resolved by the data loader. */
  embedData?: EmbedData;
}

export function PostView({ lang, chrome, post, embedData }: PostPageProps) {
  const dict = t(lang);
  return (
    <>
      <PostHead lang={lang} post={post} tree={chrome.tree} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={(l) => postUrl(l, post.slug)}>
        <article className="post" lang="ko">
          <header className="post-header">
            {post.category && (
              <a href={categoryUrl(lang, post.category.path)} className="post-category">
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
            <MdxBody cacheKey={`${post.id}:${post.version}`} code={post.code} embeds={loadedEmbeds()} schemas={loadedEmbedSchemas()} data={embedData} />
          </div>
          {post.tags.length > 0 && (
            <ul className="post-tags" aria-label={dict.tags}>
              {post.tags.map((tag) => (
                <li key={tag.slug}>
                  <a href={tagUrl(lang, tag.slug)}>#{tag.name}</a>
                </li>
              ))}
            </ul>
          )}
          <nav className="post-neighbours" aria-label={`${dict.previousPost} / ${dict.nextPost}`}>
            {post.previous ? (
              <a href={postUrl(lang, post.previous.slug)} rel="prev" className="neighbour prev">
                <span className="neighbour-label">{dict.previousPost}</span>
                <span className="neighbour-title">{post.previous.title}</span>
              </a>
            ) : (
              <span />
            )}
            {post.next ? (
              <a href={postUrl(lang, post.next.slug)} rel="next" className="neighbour next">
                <span className="neighbour-label">{dict.nextPost}</span>
                <span className="neighbour-title">{post.next.title}</span>
              </a>
            ) : (
              <span />
            )}
          </nav>
        </article>
        <p className="back-home">
          <a href={homeUrl(lang)}>{dict.backHome}</a>
        </p>
      </BlogFrame>
    </>
  );
}
