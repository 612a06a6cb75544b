// Change forms (being written).
import type { AdminLang, AdminModel, AdminUser, FormSpec } from './types';

export async function formSpec(_user: AdminUser, _ma: AdminModel, _object: Record<string, unknown> | null, _opts?: { lang?: AdminLang }): Promise<FormSpec> {
  throw new Error('admin-core: formSpec is being written');
}
export async function loadObject(_user: AdminUser, _ma: AdminModel, _id: string): Promise<Record<string, unknown> | null> {
  throw new Error('admin-core: loadObject is being written');
}
export async function autocomplete(_user: AdminUser, _ma: AdminModel, _field: string, _q: string): Promise<{ results: { id: string; text: string }[]; more: boolean }> {
  throw new Error('admin-core: autocomplete is being written');
}
