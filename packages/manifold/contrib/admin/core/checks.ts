// `manage check`'s admin checks that need the models' relations (lib/manage/admin-checks.ts checks field names):
// ownerField, dateHierarchy, autocompleteFields, inlines and actions must be of the right kind to work.
import type { CheckMessage } from '../../../lib/app';
import { adminSite } from './site';
import { adminHooksFor } from './hooks';

export async function adminChecks(): Promise<CheckMessage[]> {
  const out: CheckMessage[] = [];
  const site = await adminSite();
  for (const ma of site.models) {
    const where = `${ma.app}/admin.ts (${ma.model})`;
    const add = (id: string, message: string, hint?: string) => out.push({ level: 'ERROR', id, where, message, ...(hint ? { hint } : {}) });
    const field = (name: unknown) => ma.fields.find((f) => f.name === name);
    const a = ma.admin;
    if (a.ownerField !== undefined) {
      const f = field(a.ownerField);
      if (f?.relation?.kind !== 'fk' || f.relation.target !== 'User' || f.relation.fields.length !== 1) {
        add('admin.E910', `ownerField '${String(a.ownerField)}' of ${ma.model} must be a relation to User with one key field (e.g. author).`);
      }
    }
    if (a.dateHierarchy !== undefined && field(a.dateHierarchy)?.type !== 'DateTime') add('admin.E128', `dateHierarchy '${String(a.dateHierarchy)}' of ${ma.model} must be a DateTime field.`);
    for (const name of a.autocompleteFields ?? []) {
      const kind = field(name)?.relation?.kind;
      if (kind !== 'fk' && kind !== 'm2m') add('admin.E039', `autocompleteFields: '${String(name)}' of ${ma.model} is not a foreign key or many-to-many field.`);
    }
    for (const inline of a.inlines ?? []) {
      const f = field(inline.field);
      if (f?.relation?.kind !== 'reverse' || f.relation.fields.length !== 1) add('admin.E911', `inlines: '${String(inline.field)}' of ${ma.model} must be the list side of a relation whose other side has one key field (e.g. children).`);
    }
    const computed = (a.listDisplay ?? []).filter((c): c is `${string}()` => typeof c === 'string' && c.endsWith('()'));
    if (computed.length) {
      const hooks = await adminHooksFor(ma.app, ma.model);
      for (const c of computed) {
        if (!hooks?.columns?.[c.slice(0, -2)]) add('admin.E914', `listDisplay: '${c}' of ${ma.model} has no column function.`, `Add ${c.slice(0, -2)}: { label, value(row) } to ${ma.model}.columns in the module the ${ma.app} app's server.ts names as adminHooks.`);
      }
    }
    if (a.actions?.length) {
      const hooks = await adminHooksFor(ma.app, ma.model);
      for (const action of a.actions) {
        if (action.name === 'delete_selected') add('admin.E912', `actions: 'delete_selected' is the admin's own action; pick another name.`);
        else if (!hooks?.actions?.[action.name]) add('admin.E913', `actions: '${action.name}' of ${ma.model} has no implementation.`, `Add it to ${ma.model}.actions in the module the ${ma.app} app's server.ts names as adminHooks.`);
      }
    }
  }
  return out;
}
