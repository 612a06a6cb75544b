// The one 404 page of the site, Korean with an English line. pages/404.tsx serves it for addresses no route
// matches, and reader routes render it themselves (status 404) for a post, category, page or language that does not
// exist — so every 404 is this same document, with no JavaScript.
import Head from 'next/head';
import { t } from '../../../lib/i18n';

export function NotFoundPage() {
  const ko = t('ko');
  const en = t('en');
  return (
    <>
      <Head>
        <title>{`404 | ${ko.notFoundTitle}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
      </Head>
      <main className="not-found" id="content">
        <p className="not-found-code">404</p>
        <h1>{ko.notFoundTitle}</h1>
        <p>{ko.notFoundBody}</p>
        <p lang="en" className="not-found-en">
          {en.notFoundTitle}. {en.notFoundBody}
        </p>
        <p>
          <a href="/">{ko.backHome}</a>
        </p>
      </main>
    </>
  );
}
