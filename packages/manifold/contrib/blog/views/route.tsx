// Turns a reader view into a Pages Router page component: the view, with the site's address for its head
// (views/seo.ts), or the site's 404 page when the route's getServerSideProps found nothing (apps/blog/pages.ts
// explains why 404s are rendered here).
import type { ComponentType } from 'react';
import { NotFoundPage } from './not-found';
import { SiteUrlContext } from './seo';
import type { NotFoundProps } from '../pages';

export function readerRoute<P extends object>(View: ComponentType<P>) {
  function ReaderRoute(props: (P & { siteUrl?: string }) | NotFoundProps) {
    if ('notFound' in props) return <NotFoundPage />;
    // The site's address (pages.ts readerPage) for the head's absolute links.
    return (
      <SiteUrlContext value={props.siteUrl ?? ''}>
        <View {...(props as P)} />
      </SiteUrlContext>
    );
  }
  ReaderRoute.displayName = `ReaderRoute(${View.displayName ?? View.name})`;
  return ReaderRoute;
}
