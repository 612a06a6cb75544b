// The change list (Django's changelist_view): columns with sortable headers, search, date hierarchy, filters, a
// paginated table with a total, and the bulk-action bar. Every state is in the URL (a filtered list is a link);
// forms are GET forms or server actions, so it all works without JavaScript. Only select-all is a client island.
import type { CurrentUser } from '../../accounts/auth';
import { changeList, type AdminModel, type ChangeListCell } from '../core';
import { bulkAction } from './actions';
import { AdminFrame } from './frame';
import { adminT, type AdminLang } from './i18n';
import { Messages } from './messages';
import { SelectAll } from './select-all.client';
import { adminUrl } from './shared';

function Cell({ cell, yes, no }: { cell: ChangeListCell; yes: string; no: string }) {
  if (cell.kind === 'boolean') {
    return cell.value ? (
      <span className="adm-bool--true">
        <span aria-hidden="true">✔</span> <span className="adm-visually-hidden">{yes}</span>
      </span>
    ) : (
      <span className="adm-bool--false">
        <span aria-hidden="true">✘</span> <span className="adm-visually-hidden">{no}</span>
      </span>
    );
  }
  if (cell.kind === 'datetime' && typeof cell.value === 'string') return <time dateTime={cell.value}>{cell.text}</time>;
  if (cell.kind === 'empty') return <span className="adm-meta">{cell.text || '-'}</span>;
  return <>{cell.text}</>;
}

/** Hidden inputs carrying the current state (minus some keys) through a GET form such as the search box. */
function Carry({ query, drop }: { query: string; drop: string[] }) {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  return (
    <>
      {[...params.entries()]
        .filter(([k]) => !drop.includes(k))
        .map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
    </>
  );
}

export async function ChangeListView({ user, lang, path, ma, params }: { user: CurrentUser; lang: AdminLang; path: string; ma: AdminModel; params: URLSearchParams }) {
  const t = adminT(lang);
  const cl = await changeList(user, ma, params, { lang });
  const base = adminUrl(ma);
  const href = (query: string) => `${base}${query}`;
  const title = t.selectToChange(ma.verboseName);
  const action = bulkAction.bind(null, ma.app, ma.modelSlug);
  const hasSidebar = cl.filters.length > 0;

  return (
    <AdminFrame
      user={user}
      title={title}
      lang={lang}
      path={path}
      breadcrumbs={[{ label: t.home, href: '/admin' }, { label: ma.appVerboseName, href: `/admin/${ma.app}` }, { label: ma.verboseNamePlural }]}
    >
      <div className="adm-pagehead">
        <h1>{title}</h1>
        {cl.access.add && (
          <a className="adm-button adm-button--primary" href={`${base}/add`}>
            + {t.addModel(ma.verboseName)}
          </a>
        )}
      </div>
      <Messages extra={cl.messages.map((text) => ({ level: 'info' as const, text }))} />
      <div className={hasSidebar ? 'adm-changelist' : undefined}>
        <div>
          {cl.search && (
            <form className="adm-toolbar" method="get" action={base} role="search">
              <label className="adm-visually-hidden" htmlFor="adm-q">
                {t.searchLabel(ma.verboseNamePlural)}
              </label>
              <input className="adm-input" id="adm-q" type="search" name="q" defaultValue={cl.search.q} />
              <Carry query={cl.query} drop={['q', 'p']} />
              <button type="submit" className="adm-button">
                {t.search}
              </button>
              {cl.search.q && (
                <span className="adm-meta">
                  {t.results(cl.total, cl.total)} · <a href={href(cl.clearQuery)}>{t.clearSearch}</a>
                </span>
              )}
            </form>
          )}
          {cl.dateHierarchy && (
            <nav aria-label={cl.dateHierarchy.field}>
              <ul className="adm-datehier">
                {cl.dateHierarchy.crumbs.map((c, i) => (
                  <li key={`c${i}`}>
                    <a href={href(c.query)}>‹ {c.label}</a>
                  </li>
                ))}
                {cl.dateHierarchy.choices.map((c, i) => (
                  <li key={`d${i}`}>
                    <a href={href(c.query)}>{c.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <form action={action} id="adm-changelist-form">
            <input type="hidden" name="_query" value={cl.query} />
            {cl.actions.length > 0 && (
              <div className="adm-actions-bar">
                <label htmlFor="adm-action">{t.action}</label>
                <select id="adm-action" name="action" defaultValue="">
                  <option value="">{t.choose}</option>
                  {cl.actions.map((a) => (
                    <option key={a.name} value={a.name}>
                      {a.name === 'delete_selected' ? t.deleteSelected(ma.verboseNamePlural) : lang === 'en' ? a.labelEn : a.label}
                    </option>
                  ))}
                </select>
                <button type="submit" className="adm-button adm-button--small" name="index" value="0">
                  {t.actionGo}
                </button>
                <SelectAll total={cl.rows.length} template={t.selected(-1, -2).replace('-1', '{n}').replace('-2', '{of}')} />
              </div>
            )}
            <div className="adm-tablewrap">
              {cl.rows.length === 0 ? (
                <p className="adm-empty">{t.noRows}</p>
              ) : (
                <table className="adm-table">
                  <caption className="adm-visually-hidden">{ma.verboseNamePlural}</caption>
                  <thead>
                    <tr>
                      {cl.actions.length > 0 && (
                        <td className="adm-check">
                          <input type="checkbox" data-adm-select-all aria-label={t.selectAll} />
                        </td>
                      )}
                      {cl.columns.map((col) => (
                        <th key={col.name} scope="col" aria-sort={col.sorted === 'asc' ? 'ascending' : col.sorted === 'desc' ? 'descending' : undefined}>
                          {col.sortable && col.sortQuery !== null ? (
                            <a href={href(col.sortQuery)} title={t.sortBy(col.label)}>
                              {col.label}
                            </a>
                          ) : (
                            col.label
                          )}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {cl.rows.map((row) => (
                      <tr key={row.id}>
                        {cl.actions.length > 0 && (
                          <td className="adm-check">
                            <input type="checkbox" name="_selected_action" value={row.id} data-adm-row aria-label={t.selectRow(row.repr)} />
                          </td>
                        )}
                        {row.cells.map((cell, i) =>
                          i === 0 ? (
                            <th key={i} scope="row">
                              <a href={adminUrl(ma, row.id, 'change')}>
                                <Cell cell={cell} yes={t.yes} no={t.no} />
                              </a>
                            </th>
                          ) : (
                            <td key={i}>
                              <Cell cell={cell} yes={t.yes} no={t.no} />
                            </td>
                          ),
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </form>
          <nav aria-label={t.pagination}>
            <ul className="adm-pagination">
              {cl.pages > 1 &&
                cl.pageLinks.map((l, i) =>
                  l === null ? (
                    <li key={`gap${i}`} aria-hidden="true">
                      …
                    </li>
                  ) : (
                    <li key={l.page}>
                      {l.current ? (
                        <span aria-current="page">{l.page}</span>
                      ) : (
                        <a href={href(l.query)} aria-label={t.pageN(l.page)}>
                          {l.page}
                        </a>
                      )}
                    </li>
                  ),
                )}
              <li className="adm-total" data-adm-total={cl.total}>
                {t.total(cl.total)}
              </li>
            </ul>
          </nav>
        </div>
        {hasSidebar && (
          <aside className="adm-filters" aria-labelledby="adm-filter-title">
            <h2 id="adm-filter-title">{t.filter}</h2>
            <details open>
              <summary>{t.filter}</summary>
              {cl.filters.map((f) => (
                <section key={f.field} aria-labelledby={`adm-f-${f.field}`}>
                  <h3 id={`adm-f-${f.field}`}>{t.filterBy(f.label)}</h3>
                  <ul>
                    {f.choices.map((c, i) => (
                      <li key={i}>
                        <a href={href(c.query)} aria-current={c.selected ? 'true' : undefined}>
                          {c.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
              {cl.query !== cl.clearQuery && (
                <p style={{ margin: '0.6rem 1rem 0' }}>
                  <a href={href(cl.clearQuery)}>✕ {t.clearSearch}</a>
                </p>
              )}
            </details>
          </aside>
        )}
      </div>
    </AdminFrame>
  );
}
