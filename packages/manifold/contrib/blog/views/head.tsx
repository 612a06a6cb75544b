// <head> of every reader page: a title of its own, description, viewport, theme colours, icons and the web manifest,
// the feeds (the site's, and a category's or tag's on its pages), canonical and language alternates, Open Graph and
// Twitter cards, all with absolute addresses (SITE_URL, views/seo.ts); posts add their article data (post-head.tsx).
import Head from 'next/head';
import type { ReactNode } from 'react';
import { LANGS, type Lang } from '../../../lib/i18n';
import { siteConfig } from '@site/site.config';
import { feedUrl, ICON_PATHS, MANIFEST_PATH, type FeedFormat, type FeedScope } from '../urls';
import { useAbsoluteUrl } from './seo';

const OG_LOCALES: Record<Lang, string> = { ko: 'ko_KR', en: 'en_US' };
const FEED_TYPES: Record<FeedFormat, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };
const FEED_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

export interface ReaderHeadProps {
  lang: Lang;
  /** The page's own title (the site's name is added); none for the home page. */
  title?: string;
  description?: string;
  urlIn: (lang: Lang) => string;
  /** Open Graph type: "article" for a post, "website" otherwise. */
  ogType?: 'website' | 'article';
  /** An absolute or site-relative image for Open Graph and the Twitter card. */
  image?: string | null;
  /** A category's or tag's own feeds, offered beside the site's; `name` titles them. */
  feed?: { scope: FeedScope; name: string };
  children?: ReactNode;
}

export function ReaderHead({ lang, title, description, urlIn, ogType = 'website', image, feed, children }: ReaderHeadProps) {
  const abs = useAbsoluteUrl();
  const site = lang === 'en' ? siteConfig.titleEn : siteConfig.title;
  const fullTitle = title ? `${title} | ${site}` : site;
  const text = description ?? (lang === 'en' ? siteConfig.descriptionEn : siteConfig.description);
  const url = abs(urlIn(lang));
  const imageUrl = image ? (/^https?:\/\//.test(image) ? image : abs(image)) : null;
  const feeds = [
    ...(feed ? (Object.keys(FEED_TYPES) as FeedFormat[]).map((f) => ({ key: `feed-own-${f}`, type: FEED_TYPES[f], title: `${feed.name} – ${site} (${FEED_NAMES[f]})`, href: abs(feedUrl(f, feed.scope)) })) : []),
    ...(Object.keys(FEED_TYPES) as FeedFormat[]).map((f) => ({ key: `feed-${f}`, type: FEED_TYPES[f], title: `${siteConfig.title} (${FEED_NAMES[f]})`, href: abs(feedUrl(f)) })),
  ];
  return (
    <Head>
      <title>{fullTitle}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="description" content={text} />
      {/* Keyed: next/head keeps one tag per meta name unless the tags carry keys. */}
      <meta key="theme-color-light" name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)" />
      <meta key="theme-color-dark" name="theme-color" content="#15171a" media="(prefers-color-scheme: dark)" />
      <link rel="canonical" href={url} />
      {LANGS.map((l) => (
        <link key={`hreflang-${l}`} rel="alternate" hrefLang={l} href={abs(urlIn(l))} />
      ))}
      <link key="hreflang-default" rel="alternate" hrefLang="x-default" href={abs(urlIn('ko'))} />
      {feeds.map((f) => (
        <link key={f.key} rel="alternate" type={f.type} title={f.title} href={f.href} />
      ))}
      <link key="icon-ico" rel="icon" href={ICON_PATHS.favicon} sizes="32x32" />
      <link key="icon-svg" rel="icon" href={ICON_PATHS.svg} type="image/svg+xml" />
      <link rel="apple-touch-icon" href={ICON_PATHS.appleTouch} />
      <link rel="manifest" href={MANIFEST_PATH} />
      <meta property="og:site_name" content={site} />
      <meta property="og:type" content={ogType} />
      <meta property="og:title" content={title ?? site} />
      <meta property="og:description" content={text} />
      <meta property="og:url" content={url} />
      <meta property="og:locale" content={OG_LOCALES[lang]} />
      {LANGS.filter((l) => l !== lang).map((l) => (
        <meta key={`og-locale-${l}`} property="og:locale:alternate" content={OG_LOCALES[l]} />
      ))}
      {imageUrl && <meta property="og:image" content={imageUrl} />}
      <meta name="twitter:card" content={imageUrl ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title ?? site} />
      <meta name="twitter:description" content={text} />
      {imageUrl && <meta name="twitter:image" content={imageUrl} />}
      {children}
    </Head>
  );
}
