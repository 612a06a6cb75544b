// The home, category and tag pages: a heading and a paginated list of published posts. Props come from
// apps/blog/pages.ts (getServerSideProps), which has already answered 404 for anything that does not exist.
import { t, type Lang } from '../../../lib/i18n';
import { siteConfig } from '@site/site.config';
import type { PostPage, TagCount } from '../data';
import { categoryUrl, homeUrl, tagUrl } from '../urls';
import { BlogFrame, sidebarAt, type ReaderChrome } from './frame';
import { ReaderHead } from './head';
import { PostList } from './post-list';

interface ListProps {
  lang: Lang;
  chrome: ReaderChrome;
  result: PostPage;
}

export type HomePageProps = ListProps;

export interface CategoryPageProps extends ListProps {
  category: { name: string; path: string[]; count: number; description: string };
}

export interface TagPageProps extends ListProps {
  tag: TagCount;
}

/** A list's title, with the page after the first: "딥러닝 – 2페이지", "#cnn – Page 2". */
const pagedTitle = (lang: Lang, title: string, page: number) => (page > 1 ? `${title} – ${t(lang).pageTitle(page)}` : title);

export function HomeView({ lang, chrome, result }: HomePageProps) {
  const dict = t(lang);
  const urlIn = (l: Lang) => homeUrl(l, result.page);
  return (
    <>
      <ReaderHead lang={lang} title={result.page > 1 ? dict.pageTitle(result.page) : undefined} urlIn={urlIn} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={urlIn} current={sidebarAt.home()}>
        <h1 className="list-heading">
          {dict.allPosts} <span className="count">({result.total})</span>
        </h1>
        {result.page === 1 && <p className="site-description">{lang === 'en' ? siteConfig.descriptionEn : siteConfig.description}</p>}
        <PostList page={result} lang={lang} pageHref={(n) => homeUrl(lang, n)} />
      </BlogFrame>
    </>
  );
}

export function CategoryView({ lang, chrome, category, result }: CategoryPageProps) {
  const urlIn = (l: Lang) => categoryUrl(l, category.path, result.page);
  return (
    <>
      <ReaderHead lang={lang} title={pagedTitle(lang, category.name, result.page)} description={category.description || undefined} urlIn={urlIn} feed={{ scope: { kind: 'category', path: category.path }, name: category.name }} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={urlIn} current={sidebarAt.category(category.path)}>
        <h1 className="list-heading">
          {category.name} <span className="count">({category.count})</span>
        </h1>
        {category.description && <p className="site-description">{category.description}</p>}
        <PostList page={result} lang={lang} pageHref={(n) => categoryUrl(lang, category.path, n)} />
      </BlogFrame>
    </>
  );
}

export function TagView({ lang, chrome, tag, result }: TagPageProps) {
  const urlIn = (l: Lang) => tagUrl(l, tag.slug, result.page);
  const heading = t(lang).taggedWith(tag.name);
  return (
    <>
      <ReaderHead lang={lang} title={pagedTitle(lang, heading, result.page)} urlIn={urlIn} feed={{ scope: { kind: 'tag', slug: tag.slug }, name: heading }} />
      <BlogFrame lang={lang} chrome={chrome} urlIn={urlIn} current={sidebarAt.tag(tag.slug)}>
        <h1 className="list-heading">
          {heading} <span className="count">({tag.count})</span>
        </h1>
        <PostList page={result} lang={lang} pageHref={(n) => tagUrl(lang, tag.slug, n)} />
      </BlogFrame>
    </>
  );
}
