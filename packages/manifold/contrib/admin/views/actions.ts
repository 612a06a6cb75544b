'use server';
// The admin's mutations (server actions): save, delete, bulk actions. Each one finds the signed-in user on the
// server and lets admin-core check the permission on the model and the row before it acts; Next refuses a server
// action posted from another origin (its Origin must match the Host), so none of them can be forged cross-site.
import { redirect } from 'next/navigation';
import { getCurrentUser, loginUrl, type CurrentUser } from '../../accounts/auth';
import { deleteObjects, getModelAdmin, runAction, saveObject, type AdminModel } from '../core';
import { clientForm } from './client-form';
import { setFlash } from './flash';
import type { SaveState } from './form-types';
import { adminT } from './i18n';
import { adminLang } from './lang';
import { adminUrl, isActiveStaff, isPermissionDenied } from './shared';

/** The acting user (active staff) and the model, or a redirect (sign-in) / a refusal (PermissionDenied, 404). */
async function actor(app: string, modelSlug: string, back: string): Promise<{ user: CurrentUser; ma: AdminModel }> {
  const user = await getCurrentUser();
  if (!user) redirect(loginUrl(back));
  if (!isActiveStaff(user)) {
    const err = new Error('Only active staff may use the admin.');
    err.name = 'PermissionDenied';
    throw err;
  }
  const ma = await getModelAdmin(String(app), String(modelSlug));
  if (!ma) redirect('/admin');
  return { user, ma };
}

/** Only a query string of the change list may come back from a form ("?o=-title&p=2"). */
function safeQuery(value: FormDataEntryValue | null): string {
  return typeof value === 'string' && /^\?[^#\s]{0,2000}$/.test(value) ? value : '';
}

/** The change/add form's save (useActionState): redirects on success, else answers the errors beside the fields. */
export async function saveAction(app: string, modelSlug: string, id: string | null, prev: SaveState, form: FormData): Promise<SaveState> {
  const lang = await adminLang();
  const t = adminT(lang);
  const back = id === null ? `/admin/${app}/${modelSlug}/add` : `/admin/${app}/${modelSlug}/${encodeURIComponent(id)}/change`;
  const { user, ma } = await actor(app, modelSlug, back);
  let target: string;
  try {
    const result = await saveObject(user, ma, id, form, { lang });
    if (!result.ok) {
      return {
        seq: prev.seq + 1,
        errors: result.errors,
        nonFieldErrors: result.nonFieldErrors.length || !Object.keys(result.errors).length ? result.nonFieldErrors : [t.fieldErrors],
        conflict: result.conflict ?? null,
        form: result.form ? clientForm(result.form) : null,
      };
    }
    const said = result.message;
    if (form.has('_continue')) {
      await setFlash({ level: 'success', text: said || t.continueEditing(ma.verboseName, result.id) });
      target = adminUrl(ma, result.id, 'change');
    } else if (form.has('_addanother')) {
      await setFlash({ level: 'success', text: said || t.added(ma.verboseName, result.id) });
      target = `${adminUrl(ma)}/add`;
    } else {
      await setFlash({ level: 'success', text: said || (result.created ? t.added(ma.verboseName, result.id) : t.changed(ma.verboseName, result.id)) });
      target = adminUrl(ma);
    }
  } catch (err) {
    if (isPermissionDenied(err)) return { ...prev, seq: prev.seq + 1, errors: {}, conflict: null, nonFieldErrors: [t.forbiddenBody] };
    throw err;
  }
  redirect(target);
}

/** The delete confirmation's "Yes": deletes the listed rows (with their cascades) and returns to the change list. */
export async function deleteAction(app: string, modelSlug: string, form: FormData): Promise<void> {
  const lang = await adminLang();
  const t = adminT(lang);
  const query = safeQuery(form.get('_query'));
  const { user, ma } = await actor(app, modelSlug, `/admin/${app}/${modelSlug}${query}`);
  const ids = form.getAll('ids').map(String).filter(Boolean).slice(0, 10_000);
  try {
    const { deleted, message } = await deleteObjects(user, ma, ids, { lang });
    await setFlash({ level: 'success', text: message || t.deletedMany(deleted, ma.verboseNamePlural) });
  } catch (err) {
    if (!isPermissionDenied(err)) throw err;
    await setFlash({ level: 'error', text: t.forbiddenBody });
  }
  redirect(`${adminUrl(ma)}${query}`);
}

/** The change list's action bar: delete goes to its confirmation page; the app's actions run at once. */
export async function bulkAction(app: string, modelSlug: string, form: FormData): Promise<void> {
  const lang = await adminLang();
  const t = adminT(lang);
  const query = safeQuery(form.get('_query'));
  const back = `/admin/${app}/${modelSlug}${query}`;
  const { user, ma } = await actor(app, modelSlug, back);
  const name = String(form.get('action') ?? '');
  const ids = form.getAll('_selected_action').map(String).filter(Boolean).slice(0, 10_000);
  if (!name) {
    await setFlash({ level: 'error', text: t.noAction });
    redirect(back);
  }
  if (ids.length === 0) {
    await setFlash({ level: 'error', text: t.nothingSelected });
    redirect(back);
  }
  if (name === 'delete_selected') {
    const params = new URLSearchParams();
    params.set('ids', ids.join(','));
    if (query) params.set('_q', query);
    redirect(`${adminUrl(ma)}/delete?${params}`);
  }
  try {
    const { message } = await runAction(user, ma, name, ids, { lang });
    await setFlash({ level: 'success', text: message || t.actionDone });
  } catch (err) {
    if (!isPermissionDenied(err)) throw err;
    await setFlash({ level: 'error', text: t.forbiddenBody });
  }
  redirect(back);
}
