// The admin's home (Django's admin index): the apps and models the user may view, with counts, and recent actions.
import type { CurrentUser } from '../../accounts/auth';
import { dashboard, type LogEntryView } from '../core';
import { siteConfig } from '@site/site.config';
import { AdminFrame } from './frame';
import { adminT, type AdminDict, type AdminLang } from './i18n';
import { Messages } from './messages';

function formatTime(d: Date, lang: AdminLang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en' : 'ko-KR', { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone() }).format(d);
}

/** The site's time zone: dates in the admin are shown (and entered) in it. */
export function timeZone(): string {
  return siteConfig.timeZone;
}

export function RecentList({ entries, t, lang }: { entries: LogEntryView[]; t: AdminDict; lang: AdminLang }) {
  if (entries.length === 0) return <p className="adm-recent adm-meta">{t.noRecent}</p>;
  return (
    <ul className="adm-recent">
      {entries.map((e) => {
        const badge = e.action === 'add' ? t.actionAdd : e.action === 'delete' ? t.actionDelete : t.actionChange;
        return (
          <li key={e.id}>
            <span className={`adm-badge adm-badge--${e.action === 'action' ? 'change' : e.action}`}>{badge}</span>{' '}
            {e.link && e.action !== 'delete' ? <a href={`/admin/${e.link.split('/').map(encodeURIComponent).join('/')}/change`}>{e.objectRepr || e.objectId}</a> : <span>{e.objectRepr || e.objectId}</span>}
            <div className="adm-meta">
              {e.app}.{e.model} · <time dateTime={new Date(e.actionTime).toISOString()}>{formatTime(new Date(e.actionTime), lang)}</time>
              {e.message ? ` · ${e.message}` : ''}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export async function DashboardView({ user, lang, path, app }: { user: CurrentUser; lang: AdminLang; path: string; app?: string }) {
  const t = adminT(lang);
  const data = await dashboard(user, { lang, recent: 10 });
  const apps = app ? data.apps.filter((a) => a.label === app) : data.apps;
  const title = app && apps[0] ? apps[0].verboseName : t.dashboard;
  return (
    <AdminFrame user={user} title={title} lang={lang} path={path} breadcrumbs={app ? [{ label: t.home, href: '/admin' }, { label: title }] : undefined}>
      <h1>{title}</h1>
      <Messages />
      <div className="adm-grid">
        <div>
          {apps.length === 0 && <p className="adm-card">{t.noApps}</p>}
          {apps.map((a) => (
            <section key={a.label} className="adm-module" aria-labelledby={`adm-app-${a.label}`}>
              <h2 id={`adm-app-${a.label}`}>
                <a href={`/admin/${a.label}`}>{a.verboseName}</a>
              </h2>
              <table>
                <caption className="adm-visually-hidden">{a.verboseName}</caption>
                <thead className="adm-visually-hidden">
                  <tr>
                    <th scope="col">{t.model}</th>
                    <th scope="col">{t.count}</th>
                    <th scope="col">{t.add}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.models.map(({ model, access, count, attention }) => (
                    <tr key={model.slug}>
                      <th scope="row">
                        <a href={`/admin/${model.slug}`}>{model.verboseNamePlural}</a>
                        {attention && (
                          <>
                            {' '}
                            <a href={`/admin/${model.slug}${attention.query}`} className="adm-badge adm-badge--attention">
                              {attention.label} {attention.count.toLocaleString(lang === 'en' ? 'en' : 'ko-KR')}
                            </a>
                          </>
                        )}
                      </th>
                      <td className="adm-num">{count.toLocaleString(lang === 'en' ? 'en' : 'ko-KR')}</td>
                      <td>
                        {access.add && (
                          <a href={`/admin/${model.slug}/add`} aria-label={t.addModel(model.verboseName)}>
                            {t.add}
                          </a>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        <section className="adm-module" aria-labelledby="adm-recent">
          <h2 id="adm-recent">{t.recentActions}</h2>
          <RecentList entries={data.recent} t={t} lang={lang} />
        </section>
      </div>
    </AdminFrame>
  );
}
