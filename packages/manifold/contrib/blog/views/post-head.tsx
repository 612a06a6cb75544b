// <head> of a post page: the reader head plus Open Graph and, when the post has demos, the island bundle.
import type { Lang } from '../../../lib/i18n';
import { ISLAND_CSS, ISLAND_SCRIPT } from '../../../lib/islands/paths';
import { siteConfig } from '@site/site.config';
import type { PostDetail } from '../data';
import { postUrl } from '../urls';
import { ReaderHead } from './head';

export function PostHead({ lang, post }: { lang: Lang; post: PostDetail }) {
  const description = post.seoDescription ?? post.excerpt;
  return (
    <ReaderHead lang={lang} title={post.seoTitle ?? post.title} description={description} urlIn={(l) => postUrl(l, post.slug)}>
      <meta property="og:type" content="article" />
      <meta property="og:title" content={post.title} />
      <meta property="og:description" content={description} />
      <meta property="og:locale" content="ko_KR" />
      <meta property="og:site_name" content={siteConfig.title} />
      <meta property="article:published_time" content={post.publishedAt} />
      {post.embeds.length > 0 && <link rel="stylesheet" href={ISLAND_CSS} />}
      {post.embeds.length > 0 && <script type="module" src={ISLAND_SCRIPT} async />}
    </ReaderHead>
  );
}
