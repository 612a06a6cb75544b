// The add and change pages (Django's changeform_view): loads the object and admin-core's form spec on the server and
// hands the plain data to the form's browser half, whose save is the saveAction server action.
import { notFound } from 'next/navigation';
import type { CurrentUser } from '../../accounts/auth';
import { formSpec, loadObject, type AdminModel } from '../core';
import { saveAction } from './actions';
import { clientForm } from './client-form';
import { LazyChangeForm as ChangeForm } from './form-lazy.client';
import { AdminFrame } from './frame';
import { adminT, type AdminLang } from './i18n';
import { Messages } from './messages';
import { adminUrl } from './shared';

export async function ChangeFormView({ user, lang, path, ma, id }: { user: CurrentUser; lang: AdminLang; path: string; ma: AdminModel; id: string | null }) {
  const t = adminT(lang);
  const object = id === null ? null : await loadObject(user, ma, id);
  if (id !== null && !object) notFound();
  const spec = await formSpec(user, ma, object, { lang });
  const title = id === null ? t.addModel(ma.verboseName) : spec.readonly ? t.viewModel(ma.verboseName) : t.changeModel(ma.verboseName);
  const action = saveAction.bind(null, ma.app, ma.modelSlug, id);
  return (
    <AdminFrame
      user={user}
      title={title}
      lang={lang}
      path={path}
      breadcrumbs={[
        { label: t.home, href: '/admin' },
        { label: ma.appVerboseName, href: `/admin/${ma.app}` },
        { label: ma.verboseNamePlural, href: adminUrl(ma) },
        { label: id === null ? t.addModel(ma.verboseName) : (spec.repr ?? id) },
      ]}
    >
      <div className="adm-pagehead">
        <div>
          <h1>{title}</h1>
          {spec.repr && <p className="adm-meta" style={{ margin: '0.25rem 0 0' }}>{spec.repr}</p>}
        </div>
        {id !== null && (
          <a className="adm-button adm-button--small" href={adminUrl(ma, id, 'history')}>
            {t.history}
          </a>
        )}
      </div>
      <Messages />
      <ChangeForm action={action} initial={clientForm(spec)} lang={lang} />
    </AdminFrame>
  );
}
