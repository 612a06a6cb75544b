// Turns admin-core's FormSpec into the plain data the change form's browser half receives.
import 'server-only';
import type { FormSpec } from '../core';
import type { ClientForm } from './form-types';
import { adminUrl } from './shared';

export function clientForm(spec: FormSpec): ClientForm {
  return {
    id: spec.id,
    repr: spec.repr,
    version: spec.version,
    fieldsets: spec.fieldsets,
    inlines: spec.inlines,
    prepopulated: spec.prepopulated,
    timeZone: spec.timeZone,
    readonly: spec.readonly,
    canDelete: spec.id !== null && spec.access.delete,
    base: adminUrl(spec.model),
    verboseName: spec.model.verboseName,
  };
}

