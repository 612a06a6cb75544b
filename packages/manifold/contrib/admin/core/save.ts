// Saving (being written).
import type { AdminLang, AdminModel, AdminUser, SaveResult } from './types';

export async function saveObject(_user: AdminUser, _ma: AdminModel, _id: string | null, _form: FormData, _opts?: { lang?: AdminLang }): Promise<SaveResult> {
  throw new Error('admin-core: saveObject is being written');
}
