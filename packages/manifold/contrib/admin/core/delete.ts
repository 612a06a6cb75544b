// Deleting and bulk actions (being written).
import type { AdminLang, AdminModel, AdminUser, DeletePreview } from './types';

export async function deletePreview(_user: AdminUser, _ma: AdminModel, _ids: string[], _opts?: { lang?: AdminLang }): Promise<DeletePreview> {
  throw new Error('admin-core: deletePreview is being written');
}
export async function deleteObjects(_user: AdminUser, _ma: AdminModel, _ids: string[], _opts?: { lang?: AdminLang }): Promise<{ deleted: number; message: string }> {
  throw new Error('admin-core: deleteObjects is being written');
}
export async function runAction(_user: AdminUser, _ma: AdminModel, _name: string, _ids: string[], _opts?: { lang?: AdminLang }): Promise<{ message: string; count: number }> {
  throw new Error('admin-core: runAction is being written');
}
