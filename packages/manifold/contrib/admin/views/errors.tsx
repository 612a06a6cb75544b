// The admin's 404 and 403 pages, in the admin's frame (app/admin/not-found.tsx and forbidden.tsx render them).
import { getCurrentUser } from '../../accounts/auth';
import { AdminFrame } from './frame';
import { adminT } from './i18n';
import { adminLang } from './lang';

async function ErrorPage({ code, kind }: { code: number; kind: 'notFound' | 'forbidden' }) {
  const [user, lang] = await Promise.all([getCurrentUser(), adminLang()]);
  const t = adminT(lang);
  const title = kind === 'notFound' ? t.notFoundTitle : t.forbiddenTitle;
  return (
    <AdminFrame user={user} title={title} lang={lang} breadcrumbs={[{ label: t.home, href: '/admin' }, { label: title }]}>
      <div className="adm-error-page adm-card">
        <p className="adm-code" aria-hidden="true">
          {code}
        </p>
        <h1>{title}</h1>
        <p>{kind === 'notFound' ? t.notFoundBody : t.forbiddenBody}</p>
        <p>
          <a className="adm-button" href="/admin">
            {t.backToAdmin}
          </a>
        </p>
      </div>
    </AdminFrame>
  );
}

export function AdminNotFound() {
  return <ErrorPage code={404} kind="notFound" />;
}

export function AdminForbidden() {
  return <ErrorPage code={403} kind="forbidden" />;
}
