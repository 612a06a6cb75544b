// The one 404 page of the site, Korean with an English line. pages/404.tsx serves it for addresses no route
// matches, and reader routes render it themselves (status 404) for a post, category, page or language that does not
// exist — so every 404 is this same document, with no JavaScript.
import Head from 'next/head';
import { t } from '../../../lib/i18n';

export function NotFoundPage() {
  const ko = t('ko');
  const en = t('en');
  return <MessagePage code={404} title={ko.notFoundTitle} body={ko.notFoundBody} enTitle={en.notFoundTitle} enBody={en.notFoundBody} />;
}

/** The look of every page that says something went wrong (this 404 and the error page, error.tsx): the code, a
 * Korean title and sentence, the same in English, and the way home. */
export function MessagePage({ code, title, body, enTitle, enBody }: { code: number; title: string; body: string; enTitle: string; enBody: string }) {
  return (
    <>
      <Head>
        <title>{`${code} | ${title}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
      </Head>
      <main className="not-found" id="content">
        <p className="not-found-code">{code}</p>
        <h1>{title}</h1>
        <p>{body}</p>
        <p lang="en" className="not-found-en">
          {enTitle}. {enBody}
        </p>
        <p>
          <a href="/">{t('ko').backHome}</a>
        </p>
      </main>
    </>
  );
}
