// Wraps a blog view in the site frame with the live category sidebar.
import type { ReactNode } from 'react';
import { PageFrame, SiteHeader, Sidebar } from '../../../components/site-chrome';
import { href, type Lang } from '../../../lib/i18n';
import { getCategoryTree, listTags } from '../data';

async function SidebarContainer({ lang }: { lang: Lang }) {
  const [tree, tags] = await Promise.all([getCategoryTree(), listTags()]);
  return <Sidebar tree={tree} tags={tags} lang={lang} />;
}

/** `path` is the language-neutral path of the page, so the language switch lands on the same page. */
export function BlogFrame({ lang, path, children }: { lang: Lang; path: string; children: ReactNode }) {
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  return (
    <PageFrame lang={lang} header={<SiteHeader lang={lang} switchHref={href(other, path)} />} sidebar={<SidebarContainer lang={lang} />}>
      {children}
    </PageFrame>
  );
}
