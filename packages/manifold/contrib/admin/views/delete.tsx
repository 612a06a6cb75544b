// The delete confirmation (Django's delete_view and delete_selected): every object, every row deleted with it and
// every row that loses its link, listed before anything happens; rows that protect them block the delete.
import { notFound } from 'next/navigation';
import type { CurrentUser } from '../../accounts/auth';
import { deletePreview, type AdminModel } from '../core';
import { deleteAction } from './actions';
import { AdminFrame } from './frame';
import { adminT, type AdminLang } from './i18n';
import { adminUrl } from './shared';

export async function DeleteView({ user, lang, path, ma, ids, bulk, query }: { user: CurrentUser; lang: AdminLang; path: string; ma: AdminModel; ids: string[]; bulk: boolean; query: string }) {
  const t = adminT(lang);
  if (ids.length === 0 || ids.length > 10_000) notFound();
  const preview = await deletePreview(user, ma, ids, { lang });
  if (preview.objects.length === 0) notFound();
  const back = bulk ? `${adminUrl(ma)}${/^\?[^#\s]*$/.test(query) ? query : ''}` : adminUrl(ma, preview.objects[0].id, 'change');
  const one = preview.objects[0];
  const blocked = preview.protected.length > 0;
  const action = deleteAction.bind(null, ma.app, ma.modelSlug);
  return (
    <AdminFrame
      user={user}
      title={t.deleteTitle}
      lang={lang}
      path={path}
      breadcrumbs={[
        { label: t.home, href: '/admin' },
        { label: ma.appVerboseName, href: `/admin/${ma.app}` },
        { label: ma.verboseNamePlural, href: adminUrl(ma) },
        ...(bulk ? [] : [{ label: one.repr, href: adminUrl(ma, one.id, 'change') }]),
        { label: t.deleteTitle },
      ]}
    >
      <h1>{t.deleteTitle}</h1>
      {blocked ? (
        <section className="adm-card" data-adm-protected>
          <p>{t.deleteProtected(ma.verboseName)}</p>
          {preview.protected.map((p, i) => (
            <div key={i}>
              <h2>
                {p.model} ({p.via})
              </h2>
              <ul className="adm-deplist">
                {p.rows.map((r) => (
                  <li key={r.id}>{r.repr}</li>
                ))}
              </ul>
            </div>
          ))}
          <p>
            <a className="adm-button" href={back}>
              {t.deleteNo}
            </a>
          </p>
        </section>
      ) : (
        <section className="adm-card">
          <p>{bulk ? t.deleteManyConfirm(preview.objects.length, ma.verboseNamePlural) : t.deleteConfirm(ma.verboseName, one.repr)}</p>
          <h2>{t.deleteObjects}</h2>
          <ul className="adm-deplist" data-adm-delete-objects>
            {preview.objects.map((o) => (
              <li key={o.id}>
                {ma.verboseName}: <a href={adminUrl(ma, o.id, 'change')}>{o.repr}</a>
              </li>
            ))}
          </ul>
          {preview.dependents.map((d, i) => (
            <div key={i} data-adm-dependents={d.effect}>
              <h2>
                {d.effect === 'delete' ? t.deleteDependents : t.deleteDetached}: {d.verboseNamePlural} ({d.count}) <span className="adm-meta">· {d.via}</span>
              </h2>
              <ul className="adm-deplist">
                {d.rows.map((r) => (
                  <li key={r.id}>{d.slug ? <a href={`/admin/${d.slug}/${encodeURIComponent(r.id)}/change`}>{r.repr}</a> : r.repr}</li>
                ))}
                {d.count > d.rows.length && <li className="adm-meta">… {d.count - d.rows.length}</li>}
              </ul>
            </div>
          ))}
          <form action={action} className="adm-buttons">
            {preview.objects.map((o) => (
              <input key={o.id} type="hidden" name="ids" value={o.id} />
            ))}
            {bulk && <input type="hidden" name="_query" value={/^\?[^#\s]*$/.test(query) ? query : ''} />}
            <button type="submit" className="adm-button adm-button--danger">
              {t.deleteYes}
            </button>
            <a className="adm-button" href={back}>
              {t.deleteNo}
            </a>
          </form>
        </section>
      )}
    </AdminFrame>
  );
}
