// The change list (being written): columns, sorting, filters, search, date hierarchy and pagination from the URL.
import type { AdminLang, AdminModel, AdminUser, ChangeList } from './types';

export async function changeList(_user: AdminUser, _ma: AdminModel, _params: URLSearchParams, _opts?: { lang?: AdminLang }): Promise<ChangeList> {
  throw new Error('admin-core: changeList is being written');
}
