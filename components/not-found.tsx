// The Korean 404 page (with an English line), shared by both routers.
import { t } from '../lib/i18n';

export function NotFoundPage() {
  const ko = t('ko');
  const en = t('en');
  return (
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
  );
}
