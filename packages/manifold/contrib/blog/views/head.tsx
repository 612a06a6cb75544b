// <head> of every reader page: title, description, viewport, theme colours, feed, canonical and language
// alternates; posts add Open Graph and, when they have demos, the island bundle.
import Head from 'next/head';
import type { ReactNode } from 'react';
import { LANGS, type Lang } from '../../../lib/i18n';
import { siteConfig } from '@site/site.config';
import { feedUrl } from '../urls';

export function ReaderHead({ lang, title, description, urlIn, children }: { lang: Lang; title?: string; description?: string; urlIn: (lang: Lang) => string; children?: ReactNode }) {
  const site = lang === 'en' ? siteConfig.titleEn : siteConfig.title;
  return (
    <Head>
      <title>{title ? `${title} | ${site}` : site}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="description" content={description ?? (lang === 'en' ? siteConfig.descriptionEn : siteConfig.description)} />
      {/* Keyed: next/head keeps one tag per meta name unless the tags carry keys. */}
      <meta key="theme-color-light" name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)" />
      <meta key="theme-color-dark" name="theme-color" content="#15171a" media="(prefers-color-scheme: dark)" />
      <link rel="canonical" href={urlIn('ko')} />
      {LANGS.map((l) => (
        <link key={l} rel="alternate" hrefLang={l} href={urlIn(l)} />
      ))}
      <link rel="alternate" type="application/rss+xml" href={feedUrl()} />
      {children}
    </Head>
  );
}
