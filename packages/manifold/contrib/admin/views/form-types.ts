// The change form's data as the browser half receives it (FormSpec without the server-only model description), and
// what a save answers when it does not redirect. Plain data: safe in a client bundle.
import type { FormField, InlineSpec } from '../core/types';

export interface ClientForm {
  id: string | null;
  repr: string | null;
  version: number | null;
  fieldsets: { title: string | null; fields: FormField[] }[];
  inlines: InlineSpec[];
  prepopulated: Record<string, string[]>;
  timeZone: string;
  readonly: boolean;
  canDelete: boolean;
  /** Base URL of the model's pages (/admin/blog/post). */
  base: string;
  verboseName: string;
}

export interface SaveState {
  /** Grows with every answer, so the form re-renders with the values the server sent back. */
  seq: number;
  errors: Record<string, string[]>;
  nonFieldErrors: string[];
  conflict: { theirs: Record<string, string | string[] | boolean>; yours: Record<string, string | string[] | boolean>; changed: string[]; version: number } | null;
  form: ClientForm | null;
}

export const initialSaveState: SaveState = { seq: 0, errors: {}, nonFieldErrors: [], conflict: null, form: null };
