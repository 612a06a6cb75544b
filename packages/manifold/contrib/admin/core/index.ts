// The automatic admin's data layer (Django's django.contrib.admin without the templates): the registry of ModelAdmin
// entries, model introspection, change lists, forms, saving with validation and optimistic locking, deletes with
// their dependents, bulk actions and the action log. Server-only. Every function that reads or acts takes the
// signed-in user and checks the permission itself (PermissionDenied), so no page or action can forget to.
import 'server-only';
import type { AdminLang, AdminModel, AdminSite, AdminUser, ChangeList, Dashboard, DeletePreview, FormSpec, LogEntryView, ModelAccess, SaveResult } from './types';
import * as site from './site';
import { dashboard as buildDashboard } from './dashboard';
import * as lists from './changelist';
import * as forms from './forms';
import * as saving from './save';
import * as deleting from './delete';
import * as log from './log';

export type * from './types';
export { PermissionDenied } from './access';
export { slugify } from './slug';
export { setAdminDatabase } from './db';
export { clearAdminCaches } from './cache';
export { adminEndpoints, adminHooksFor } from './hooks';

/** Options every message-writing function takes: the interface language (default Korean). */
export interface AdminOptions {
  lang?: AdminLang;
}

/**
 * Every installed app's ModelAdmin entries, resolved against the models (in installedApps order). Registrations
 * naming a model that does not exist are skipped (`manage check` reports them). Cached for the process.
 */
export function adminSite(): Promise<AdminSite> {
  return site.adminSite();
}

/** One registered model by URL segments (`blog`, `post`), or null (a 404 for the caller). */
export function getModelAdmin(app: string, modelSlug: string): Promise<AdminModel | null> {
  return site.getModelAdmin(app, modelSlug);
}

/** What `user` may do with `ma` (no throw): for showing or hiding links and buttons. */
export function modelAccess(user: AdminUser | null, ma: AdminModel): ModelAccess {
  return site.modelAccess(user, ma);
}

/**
 * The admin's home: the apps and models the user may view, each with a row count (the user's own rows when
 * owner-limited) from a short in-process cache cleared by admin writes, and the user's recent actions.
 * Throws PermissionDenied for a user who is not active staff.
 */
export function dashboard(user: AdminUser, opts?: AdminOptions & { recent?: number }): Promise<Dashboard> {
  return buildDashboard(user, opts);
}

/**
 * The change list from the URL's parameters: `o` (sort, `-title`, several comma-separated), `q` (search), one
 * parameter per filter (`status=published`, `category=3`, `category=__null`, `publishedAt=7d|today|month|year`,
 * `tags=2`), `year`/`month`/`day` (date hierarchy), `p` (page, from 1). Unknown or invalid parameters are dropped
 * with a message, never an error. Owner-limited users see only their rows. Needs view (or view_own).
 */
export function changeList(user: AdminUser, ma: AdminModel, params: URLSearchParams, opts?: AdminOptions): Promise<ChangeList> {
  return lists.changeList(user, ma, params, opts);
}

/**
 * The add form (object null; needs add) or the change form of a loaded object (needs view; read-only without
 * change): fieldsets, widgets, values in the site's time zone, choices, inlines, prepopulated fields.
 */
export function formSpec(user: AdminUser, ma: AdminModel, object: Record<string, unknown> | null, opts?: AdminOptions): Promise<FormSpec> {
  return forms.formSpec(user, ma, object, opts);
}

/**
 * One object with its relations' keys (m2m ids) for formSpec, or null when it does not exist or `id` is not a
 * valid key. Throws PermissionDenied when the user may not view it (not theirs for owner-limited users).
 */
export function loadObject(user: AdminUser, ma: AdminModel, id: string): Promise<Record<string, unknown> | null> {
  return forms.loadObject(user, ma, id);
}

/**
 * Parses, validates and saves a submitted form: `id` null adds (needs add), else changes (needs change, or
 * change_own on an own row). Validation errors come back per field; a stale `_version` comes back as a conflict
 * with both sides. Runs the app's adminHooks (beforeSave may refuse or derive fields; afterSave revalidates),
 * saves inlines, writes a LogEntry listing the changed fields.
 */
export function saveObject(user: AdminUser, ma: AdminModel, id: string | null, form: FormData, opts?: AdminOptions): Promise<SaveResult> {
  return saving.saveObject(user, ma, id, form, opts);
}

/**
 * What deleting `ids` would do: the objects, every row deleted with them (cascades, followed transitively) and
 * every row that loses its link (SetNull), and rows that protect them. Needs delete (own rows with delete_own).
 */
export function deletePreview(user: AdminUser, ma: AdminModel, ids: string[], opts?: AdminOptions): Promise<DeletePreview> {
  return deleting.deletePreview(user, ma, ids, opts);
}

/**
 * Deletes `ids` (with their cascades) in one statement, runs afterDelete, logs each. Returns how many went; none,
 * with the reason as the message, when rows protect them (onDelete: Restrict). Needs delete (own rows with delete_own).
 */
export function deleteObjects(user: AdminUser, ma: AdminModel, ids: string[], opts?: AdminOptions): Promise<{ deleted: number; message: string }> {
  return deleting.deleteObjects(user, ma, ids, opts);
}

/**
 * Runs a bulk action on `ids`: `delete_selected` (use deletePreview first) or one of ModelAdmin.actions, which
 * needs its declared permission (default change) and only touches rows the user may change. Logs it.
 */
export function runAction(user: AdminUser, ma: AdminModel, name: string, ids: string[], opts?: AdminOptions): Promise<{ message: string; count: number }> {
  return deleting.runAction(user, ma, name, ids, opts);
}

/** The object's action log, newest first. Needs view on the object. */
export function history(user: AdminUser, ma: AdminModel, id: string, opts?: AdminOptions): Promise<LogEntryView[]> {
  return log.history(user, ma, id, opts);
}

/** The latest actions: the user's own, or everyone's with `all` (superusers only). Needs active staff. */
export function recentActions(user: AdminUser, limit?: number, opts?: AdminOptions & { all?: boolean }): Promise<LogEntryView[]> {
  return log.recentActions(user, limit, opts);
}

/**
 * Search-as-you-type for a relation field of `ma` (`author`, `category`, `tags`): up to 20 rows of the related
 * model whose text fields contain `q` (case-insensitive), as { id, text }. Needs add or change on `ma`.
 */
export function autocomplete(user: AdminUser, ma: AdminModel, field: string, q: string): Promise<{ results: { id: string; text: string }[]; more: boolean }> {
  return forms.autocomplete(user, ma, field, q);
}
