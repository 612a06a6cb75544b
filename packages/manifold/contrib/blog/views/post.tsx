// A post as readers see it: header, table of contents, the pre-compiled body, its series, tags, neighbours and related posts.
// Rendered by pages/[lang]/posts/[slug].tsx, which ships no framework JavaScript; demos come back as islands.
import { formatDate } from '../../../lib/format';
import { t, type Lang } from '../../../lib/i18n';
import { MdxBody, type EmbedData } from '../../../lib/mdx/render';
import { loadedEmbeds, loadedEmbedSchemas } from '../../../lib/embeds';
import type { PostDetail, PostSummary, SeriesNav } from '../data';
import { categoryUrl, homeUrl, postUrl, tagUrl } from '../urls';
import { BlogFrame, sidebarAt, type ReaderChrome } from './frame';
import { PostHead } from './post-head';
import { PostEnd } from './post-end';
import { useAbsoluteUrl } from './seo';
import { PreparedPart } from './prepared';
import { SharePost } from './share';
import { readingScript } from '../../../lib/reading-script.mjs';

export interface PostPageProps {
  lang: Lang;
  chrome: ReaderChrome;
  post: PostDetail;
  /** What the apps' embed data resolvers found for the post's embeds (lib/embed-data.ts), resolved by the data loader. */
  embedData?: EmbedData;
}

/** This view's own strings (the series box and related posts), Korean first. */
const words = {
  ko: {
    inSeries: '이 시리즈의 글',
    seriesLabel: (title: string) => `시리즈: ${title}`,
    position: (n: number, of: number) => `${n} / ${of}`,
    positionLong: (n: number, of: number) => `${of}편 중 ${n}번째`,
    seriesBadge: (title: string) => `${title} 시리즈`,
    previousInSeries: '시리즈 이전 글',
    nextInSeries: '시리즈 다음 글',
    related: '관련 글',
  },
  en: {
    inSeries: 'Posts in this series',
    seriesLabel: (title: string) => `Series: ${title}`,
    position: (n: number, of: number) => `${n} / ${of}`,
    positionLong: (n: number, of: number) => `part ${n} of ${of}`,
    seriesBadge: (title: string) => `Series: ${title}`,
    previousInSeries: 'Previous in series',
    nextInSeries: 'Next in series',
    related: 'Related posts',
  },
} satisfies Record<Lang, unknown>;

/** "이 시리즈의 글": the series' title and where this post stands, every visible part in order, and the parts either side. */
function SeriesBox({ lang, series }: { lang: Lang; series: SeriesNav }) {
  const w = words[lang];
  return (
    <PreparedPart owner={series} name={`${lang}:series`} tag="nav" props={{ id: 'series', className: 'series-box', 'aria-label': w.seriesLabel(series.title) }}>
      <h2 className="series-heading" lang={lang}>
        {w.inSeries}
      </h2>
      <p className="series-title">
        <span className="series-name">{series.title}</span>{' '}
        <span className="series-position">
          <span aria-hidden="true">{w.position(series.position, series.total)}</span>
          <span className="visually-hidden" lang={lang}>
            {w.positionLong(series.position, series.total)}
          </span>
        </span>
      </p>
      <ol className="series-list">
        {series.posts.map((p) =>
          p.current ? (
            <li key={p.slug} className="current">
              <span aria-current="page">{p.title}</span>
            </li>
          ) : (
            <li key={p.slug}>
              <a href={postUrl(lang, p.slug)}>{p.title}</a>
            </li>
          ),
        )}
      </ol>
      {(series.previous || series.next) && (
        <p className="series-steps">
          {series.previous ? (
            <a href={postUrl(lang, series.previous.slug)} className="series-step prev">
              <span className="neighbour-label" lang={lang}>
                ← {w.previousInSeries}
              </span>
              <span className="neighbour-title">{series.previous.title}</span>
            </a>
          ) : (
            <span />
          )}
          {series.next ? (
            <a href={postUrl(lang, series.next.slug)} className="series-step next">
              <span className="neighbour-label" lang={lang}>
                {w.nextInSeries} →
              </span>
              <span className="neighbour-title">{series.next.title}</span>
            </a>
          ) : (
            <span />
          )}
        </p>
      )}
    </PreparedPart>
  );
}

/** "관련 글": a few other posts by shared tags and category (queries.ts queryRelatedPosts). */
function RelatedPosts({ lang, posts }: { lang: Lang; posts: PostSummary[] }) {
  const w = words[lang];
  return (
    <PreparedPart owner={posts} name={`${lang}:related`} tag="section" props={{ className: 'related-posts', 'aria-labelledby': 'related-heading' }}>
      <h2 id="related-heading">{w.related}</h2>
      <ul>
        {posts.map((p) => (
          <li key={p.slug}>
            <a href={postUrl(lang, p.slug)} className="related-title" lang="ko">
              {p.title}
            </a>
            <span className="related-meta">
              {p.category && <span>{p.category.name}</span>}
              <time dateTime={p.publishedAt}>{formatDate(p.publishedAt)}</time>
            </span>
          </li>
        ))}
      </ul>
    </PreparedPart>
  );
}

export function PostView({ lang, chrome, post, embedData }: PostPageProps) {
  const dict = t(lang);
  const abs = useAbsoluteUrl();
  return (
    <>
      <PostHead lang={lang} post={post} tree={chrome.tree} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={(l) => postUrl(l, post.slug)} current={sidebarAt.post(post.category?.path)}>
        <article className="post" lang="ko">
          <PreparedPart owner={post} name={`${lang}:header`} tag="header" props={{ className: 'post-header' }}>
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
            {post.series && (
              <p className="post-series-badge">
                <a href="#series">
                  {words[lang].seriesBadge(post.series.title)} · {words[lang].position(post.series.position, post.series.total)}
                </a>
              </p>
            )}
          </PreparedPart>
          {/* The contents and the text side by side on wide screens (the contents sticky, the section read marked by
              lib/reading-script.mjs); on phones the contents come first, closed. */}
          <div className={post.toc.length > 1 ? 'post-body has-toc' : 'post-body'}>
            {post.toc.length > 1 && (
              <PreparedPart owner={post} name={`${lang}:toc`} tag="nav" props={{ className: 'toc', 'aria-label': dict.toc, 'data-toc': '' }}>
                <details>
                  <summary>{dict.toc}</summary>
                  <ol>
                    {post.toc.map((entry) => (
                      <li key={entry.id} className={`toc-depth-${entry.depth}`}>
                        <a href={`#${entry.id}`}>{entry.text}</a>
                      </li>
                    ))}
                  </ol>
                </details>
              </PreparedPart>
            )}
            <MdxBody className="prose" cacheKey={`${post.id}:${post.version}`} code={post.code} embeds={loadedEmbeds()} schemas={loadedEmbedSchemas()} data={embedData} />
          </div>
          {post.series && <SeriesBox lang={lang} series={post.series} />}
          {post.tags.length > 0 && (
            <PreparedPart owner={post} name={`${lang}:tags`} tag="ul" props={{ className: 'post-tags', 'aria-label': dict.tags }}>
              {post.tags.map((tag) => (
                <li key={tag.slug}>
                  <a href={tagUrl(lang, tag.slug)}>#{tag.name}</a>
                </li>
              ))}
            </PreparedPart>
          )}
          <SharePost lang={lang} url={abs(postUrl(lang, post.slug))} title={post.title} owner={post} />
          <PreparedPart owner={post} name={`${lang}:neighbours`} tag="nav" props={{ className: 'post-neighbours', 'aria-label': `${dict.previousPost} / ${dict.nextPost}` }}>
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
          </PreparedPart>
        </article>
        {post.related && post.related.length > 0 && <RelatedPosts lang={lang} posts={post.related} />}
        <PostEnd lang={lang} post={post} />
        <p className="back-home">
          <a href={homeUrl(lang)}>{dict.backHome}</a>
        </p>
        <script dangerouslySetInnerHTML={{ __html: readingScript }} />
      </BlogFrame>
    </>
  );
}
