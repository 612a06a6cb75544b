// <head> of a post page: the reader head as an Open Graph article, with its dates, section and tags, JSON-LD
// (BlogPosting, and a BreadcrumbList from the home page through the category path to the post) and, when the post has
// demos, their styles and the loader that imports the islands runtime when one nears the viewport. Its image is the
// cover, else the card og.tsx draws with the title.
import type { Lang } from '../../../lib/i18n';
import { ISLAND_BUNDLE_CSS, ISLAND_BUNDLE_CSS_TEXT, ISLAND_LOADER_SCRIPT } from '../../../lib/islands/assets';
import { siteConfig } from '@site/site.config';
import type { PostDetail } from '../data';
import { ogImagePath } from '../og-path';
import { flattenCategories, type CategoryTree } from '../queries';
import { categoryUrl, homeUrl, postUrl } from '../urls';
import { ReaderHead } from './head';
import { serializeJsonLd, useAbsoluteUrl } from './seo';

/** The date the post was last changed as its author sees it: the "updated" date they gave, else its publication. */
export function postModifiedAt(post: Pick<PostDetail, 'publishedAt' | 'revisedAt'>): string {
  return post.revisedAt && post.revisedAt > post.publishedAt ? post.revisedAt : post.publishedAt;
}

/** The post's structured data: the article and where it sits (schema.org BlogPosting and BreadcrumbList). */
export function postJsonLd(lang: Lang, post: PostDetail, tree: CategoryTree | undefined, abs: (path: string) => string) {
  const url = abs(postUrl(lang, post.slug));
  const site = lang === 'en' ? siteConfig.titleEn : siteConfig.title;
  // The category and each one above it, by the slug path the post's category has (names from the sidebar's tree).
  const names = new Map((tree ? flattenCategories(tree) : []).map((n) => [n.path.join('/'), n.name]));
  const path = post.category?.path ?? [];
  const trail = path.map((_, i) => {
    const prefix = path.slice(0, i + 1);
    return { name: names.get(prefix.join('/')) ?? (i === path.length - 1 ? post.category!.name : prefix[i]), url: abs(categoryUrl(lang, prefix)) };
  });
  const crumbs = [{ name: site, url: abs(homeUrl(lang)) }, ...trail, { name: post.title, url }];
  const image = post.coverImage ? (/^https?:\/\//.test(post.coverImage) ? post.coverImage : abs(post.coverImage)) : undefined;
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'BlogPosting',
        headline: post.seoTitle ?? post.title,
        description: post.seoDescription ?? post.excerpt,
        datePublished: post.publishedAt,
        dateModified: postModifiedAt(post),
        author: { '@type': 'Person', name: siteConfig.author, url: abs(homeUrl(lang)) },
        url,
        mainEntityOfPage: url,
        // Posts are written in Korean whatever the page's language.
        inLanguage: siteConfig.language,
        ...(post.category ? { articleSection: post.category.name } : {}),
        ...(post.tags.length ? { keywords: post.tags.map((t) => t.name) } : {}),
        ...(image ? { image } : {}),
      },
      {
        '@type': 'BreadcrumbList',
        itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: c.url })),
      },
    ],
  };
}

export function PostHead({ lang, post, tree }: { lang: Lang; post: PostDetail; tree?: CategoryTree }) {
  const abs = useAbsoluteUrl();
  const description = post.seoDescription ?? post.excerpt;
  return (
    <ReaderHead lang={lang} title={post.seoTitle ?? post.title} description={description} urlIn={(l) => postUrl(l, post.slug)} ogType="article" image={post.coverImage ?? ogImagePath(post)}>
      <meta property="article:published_time" content={post.publishedAt} />
      <meta property="article:modified_time" content={postModifiedAt(post)} />
      {post.category && <meta property="article:section" content={post.category.name} />}
      {post.tags.map((tag) => (
        <meta key={`article-tag-${tag.slug}`} property="article:tag" content={tag.name} />
      ))}
      <script key="json-ld" type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(postJsonLd(lang, post, tree, abs)) }} />
      {/* The embeds' styles in the page (a few KB compressed): their server-rendered figures are styled at first paint. */}
      {post.embeds.length > 0 &&
        (ISLAND_BUNDLE_CSS_TEXT === null ? <link rel="stylesheet" href={ISLAND_BUNDLE_CSS} /> : <style key="islands-css" data-href={ISLAND_BUNDLE_CSS} dangerouslySetInnerHTML={{ __html: ISLAND_BUNDLE_CSS_TEXT }} />)}
      {/* The runtime is imported when a demo nears the viewport, not with the page (lib/islands/paths.ts says why). */}
      {post.embeds.length > 0 && <script key="islands-loader" dangerouslySetInnerHTML={{ __html: ISLAND_LOADER_SCRIPT }} />}
    </ReaderHead>
  );
}
