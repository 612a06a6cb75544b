// <head> of a post page: title, description, canonical and language alternates, Open Graph, and the
// island bundle when the post has demos.
import Head from 'next/head';
import { postHref } from '../../../lib/i18n';
import { siteConfig } from '../../../site.config';
import { ISLAND_CSS, ISLAND_SCRIPT } from '../../../lib/islands/paths';
import type { PostPageProps } from './post';

export function PostHead({ post }: PostPageProps) {
  const title = `${post.seoTitle ?? post.title} | ${siteConfig.title}`;
  const description = post.seoDescription ?? post.excerpt;
  return (
    <Head>
      <title>{title}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="description" content={description} />
      <link rel="canonical" href={postHref('ko', post.slug)} />
      <link rel="alternate" hrefLang="ko" href={postHref('ko', post.slug)} />
      <link rel="alternate" hrefLang="en" href={postHref('en', post.slug)} />
      <link rel="alternate" type="application/rss+xml" href="/feed.xml" />
      <meta property="og:type" content="article" />
      <meta property="og:title" content={post.title} />
      <meta property="og:description" content={description} />
      <meta property="og:locale" content="ko_KR" />
      <meta property="og:site_name" content={siteConfig.title} />
      <meta property="article:published_time" content={post.publishedAt} />
      <meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)" />
      <meta name="theme-color" content="#15171a" media="(prefers-color-scheme: dark)" />
      {post.embeds.length > 0 && <link rel="stylesheet" href={ISLAND_CSS} />}
      {post.embeds.length > 0 && <script type="module" src={ISLAND_SCRIPT} async />}
    </Head>
  );
}
