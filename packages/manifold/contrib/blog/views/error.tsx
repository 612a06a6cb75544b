// The site's error page (pages/_error.tsx) for what a reader route could not render: 503 with Retry-After when the
// database is out of reach for a moment (restarting, failing over, its pool exhausted: lib/db-errors.mjs), so a
// reader, a crawler and a load balancer all see "try again" rather than a broken site; 500 for anything else. Korean
// with an English line, no JavaScript, the same look as the 404 page. The process keeps serving: the next request
// tries the database again, and the pg pool behind Prisma reconnects by itself once it is back.
import type { NextPageContext } from 'next';
import { databaseUnavailable, UNAVAILABLE_RETRY_SECONDS } from '../../../lib/db-errors.mjs';
import { t } from '../../../lib/i18n';
import { MessagePage } from './not-found';

export interface ErrorPageProps {
  statusCode: number;
  unavailable: boolean;
}

export function ErrorPage({ statusCode, unavailable }: ErrorPageProps) {
  const ko = t('ko');
  const en = t('en');
  const [title, body, enTitle, enBody] = unavailable ? [ko.unavailableTitle, ko.unavailableBody, en.unavailableTitle, en.unavailableBody] : [ko.errorTitle, ko.errorBody, en.errorTitle, en.errorBody];
  return <MessagePage code={statusCode} title={title} body={body} enTitle={enTitle} enBody={enBody} />;
}

/** Next calls this with the error a page's data loader threw (server side); a 404 keeps its own page (pages/404.tsx). */
// Next logs the error itself; this module is in the page's browser bundle too, so it imports nothing of the server's.
ErrorPage.getInitialProps = ({ res, err }: NextPageContext): ErrorPageProps => {
  const unavailable = databaseUnavailable(err);
  if (unavailable && res && !res.headersSent) {
    res.statusCode = 503;
    res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_SECONDS));
    res.setHeader('Cache-Control', 'no-store');
  }
  const statusCode = unavailable ? 503 : (res?.statusCode ?? (err as { statusCode?: number } | null)?.statusCode ?? 500);
  return { statusCode: statusCode >= 400 ? statusCode : 500, unavailable };
};
