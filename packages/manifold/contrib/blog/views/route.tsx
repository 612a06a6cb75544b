// Turns a reader view into a Pages Router page component: the view, or the site's 404 page when the route's
// getServerSideProps found nothing (apps/blog/pages.ts explains why 404s are rendered here).
import type { ComponentType } from 'react';
import { NotFoundPage } from './not-found';
import type { NotFoundProps } from '../pages';

export function readerRoute<P extends object>(View: ComponentType<P>) {
  function ReaderRoute(props: P | NotFoundProps) {
    return 'notFound' in props ? <NotFoundPage /> : <View {...(props as P)} />;
  }
  ReaderRoute.displayName = `ReaderRoute(${View.displayName ?? View.name})`;
  return ReaderRoute;
}
