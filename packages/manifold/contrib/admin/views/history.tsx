// One object's change history (Django's history_view): who did what, when, and which fields changed.
import { notFound } from 'next/navigation';
import type { CurrentUser } from '../../accounts/auth';
import { history, loadObject, type AdminModel } from '../core';
import { timeZone } from './dashboard';
import { AdminFrame } from './frame';
import { adminT, type AdminLang } from './i18n';
import { adminUrl } from './shared';

export async function HistoryView({ user, lang, path, ma, id }: { user: CurrentUser; lang: AdminLang; path: string; ma: AdminModel; id: string }) {
  const t = adminT(lang);
  const object = await loadObject(user, ma, id);
  if (!object) notFound();
  const entries = await history(user, ma, id, { lang });
  const repr = entries[0]?.objectRepr || id;
  const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en' : 'ko-KR', { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone() });
  return (
    <AdminFrame
      user={user}
      title={t.historyTitle(repr)}
      lang={lang}
      path={path}
      breadcrumbs={[
        { label: t.home, href: '/admin' },
        { label: ma.appVerboseName, href: `/admin/${ma.app}` },
        { label: ma.verboseNamePlural, href: adminUrl(ma) },
        { label: repr, href: adminUrl(ma, id, 'change') },
        { label: t.history },
      ]}
    >
      <h1>{t.historyTitle(repr)}</h1>
      {entries.length === 0 ? (
        <p className="adm-card">{t.historyNone}</p>
      ) : (
        <div className="adm-tablewrap" style={{ borderRadius: 'var(--adm-radius)' }}>
          <table className="adm-table">
            <caption className="adm-visually-hidden">{t.history}</caption>
            <thead>
              <tr>
                <th scope="col">{t.historyWhen}</th>
                <th scope="col">{t.historyWho}</th>
                <th scope="col">{t.historyWhat}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <time dateTime={new Date(e.actionTime).toISOString()}>{fmt.format(new Date(e.actionTime))}</time>
                  </th>
                  <td>{e.userEmail || '-'}</td>
                  <td>{e.message || (e.action === 'add' ? t.actionAdd : e.action === 'delete' ? t.actionDelete : t.actionChange)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminFrame>
  );
}
