// The admin data layer's types: what admin-core hands the admin pages (admin-ui) and what they hand back.
import type { ModelAdmin } from '../../../lib/app';
import type { CurrentUser } from '../../accounts/auth';

/** The signed-in person (manifold/accounts/auth's CurrentUser): every admin function takes one. */
export type AdminUser = CurrentUser;

/** The interface language of messages admin-core writes (errors, action results). */
export type AdminLang = 'ko' | 'en';

/** How a field is edited on the change form. */
export type Widget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'checkbox'
  /** `<input type="datetime-local">` in the site's time zone (value `YYYY-MM-DDTHH:mm`); stored as UTC. */
  | 'datetime'
  /** Choices (`// choices:` comment) or a Prisma enum: `<select>` of `choices`. */
  | 'select'
  | 'json'
  /** A foreign key: `<select>` of `choices` (the related rows). */
  | 'fk-select'
  /** A many-to-many: `<select multiple>` of `choices`. */
  | 'm2m-select'
  /** A foreign key on a large table (or in autocompleteFields): search-as-you-type through autocomplete(). */
  | 'autocomplete'
  /** A many-to-many on a large table (or in autocompleteFields). */
  | 'autocomplete-multiple'
  /** ModelAdmin.extraFields' password: never filled in, never echoed back. */
  | 'password';

export type OnDelete = 'Cascade' | 'SetNull' | 'Restrict' | 'NoAction' | 'SetDefault';

/** One field of a model, as the admin sees it (from the generated client and the assembled schema). */
export interface FieldInfo {
  name: string;
  /** A readable English label made from the name ('publishedAt' → 'Published at'). */
  label: string;
  kind: 'scalar' | 'enum' | 'object';
  /** Prisma type: 'String', 'Int', 'Float', 'Decimal', 'BigInt', 'Boolean', 'DateTime', 'Json', 'Bytes', an enum or a model name. */
  type: string;
  isList: boolean;
  /** Not optional in the schema (a relation list is never required). */
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefault: boolean;
  /** The schema's literal default ("draft", 0, false); undefined for now(), autoincrement() or none. */
  defaultValue?: string | number | boolean;
  isAutoincrement: boolean;
  isUpdatedAt: boolean;
  /** `version Int` on a model: optimistic locking; never edited, carried by the form. */
  isVersion: boolean;
  /** `// derived:` comment: computed by app code (shown read-only). */
  derived: boolean;
  /** A scalar that holds a foreign key (authorId); edited through its relation field (author). */
  isForeignKeyColumn: boolean;
  /** Long text: a textarea (source, description, a `// long` or `// textarea` comment, or ModelAdmin-free heuristics). */
  longText: boolean;
  choices?: string[];
  relation?: {
    /** fk: this side holds the key; m2m: implicit many-to-many; reverse: the other side of someone's fk. */
    kind: 'fk' | 'm2m' | 'reverse';
    /** The related model's name ('User'). */
    target: string;
    /** fk: the scalar fields holding the key (['authorId']); reverse: the other model's key fields. */
    fields: string[];
    /** The field on the other model (reverse of `posts` is `author`). */
    opposite?: string;
    /** fk and reverse: what deleting the referenced row does to the referencing one. */
    onDelete: OnDelete;
  };
  /** The widget the change form uses (ModelAdmin may override it with autocompleteFields). */
  widget: Widget;
}

/** The change/add/delete/view permission names of a model, e.g. blog.change_post. */
export interface ModelPermissionNames {
  view: string;
  add: string;
  change: string;
  delete: string;
}

/** One registered model, resolved: the app's ModelAdmin entry plus everything introspection learnt. */
export interface AdminModel {
  /** The app label ('blog'). */
  app: string;
  appVerboseName: string;
  /** The Prisma model name ('Post'). */
  model: string;
  /** Lowercased model name: the URL segment and the permission suffix ('post'). */
  modelSlug: string;
  /** `<app>/<modelSlug>`: the change list is /admin/blog/post. */
  slug: string;
  verboseName: string;
  verboseNamePlural: string;
  /** Every field in schema order (scalars, relations, back relations). */
  fields: FieldInfo[];
  /** The primary key field (single-field ids only; models with compound ids are not registered). */
  pk: FieldInfo;
  /** The model has `version Int`: saves are optimistically locked. */
  hasVersion: boolean;
  /** ModelAdmin.ownerField resolved: the relation ('author') and its key column ('authorId'). */
  owner: { relation: string; column: string } | null;
  perms: ModelPermissionNames;
  /** The app's ModelAdmin entry as declared. */
  admin: ModelAdmin;
}

/** What `user` may do with a model. `own*`: only through an `_own_` permission (rows they own). */
export interface ModelAccess {
  view: boolean;
  add: boolean;
  change: boolean;
  delete: boolean;
  /** True when the user sees only their own rows (holds view_own/change_own but not view/change). */
  ownOnly: boolean;
}

export interface AdminSite {
  apps: { label: string; verboseName: string; models: AdminModel[] }[];
  models: AdminModel[];
}

export interface DashboardModel {
  model: AdminModel;
  access: ModelAccess;
  /** Rows the user may see (their own for owner-limited users); cached briefly. */
  count: number;
  /** ModelAdmin.attention: how many rows wait, the change list that shows them, and what they are called. */
  attention?: { count: number; query: QueryString; label: string };
}

export interface Dashboard {
  apps: { label: string; verboseName: string; models: DashboardModel[] }[];
  recent: LogEntryView[];
}

/** A query string, starting with '?' ('?o=-title&p=2'), or '' for none: append it to the change list's path. */
export type QueryString = string;

export interface ChangeListColumn {
  /** The ModelAdmin.listDisplay entry ('title', 'category', 'category.name'). */
  name: string;
  label: string;
  sortable: boolean;
  /** Current sort on this column. */
  sorted: 'asc' | 'desc' | null;
  /** Link that sorts by this column (toggling direction when already sorted). */
  sortQuery: QueryString | null;
}

/** One cell: `text` is what to print; `kind` lets the UI show booleans as icons and dates as <time>. */
export interface ChangeListCell {
  kind: 'text' | 'boolean' | 'datetime' | 'empty';
  text: string;
  /** boolean: the value; datetime: ISO string (UTC). */
  value?: boolean | string;
}

export interface ChangeListRow {
  /** The primary key as a string (the change form is /admin/<slug>/<id>). */
  id: string;
  repr: string;
  cells: ChangeListCell[];
  /** The user may open the change form (false: view only). */
  canChange: boolean;
}

export interface ChangeListFilter {
  field: string;
  label: string;
  choices: { label: string; query: QueryString; selected: boolean }[];
}

export interface ChangeList {
  model: AdminModel;
  access: ModelAccess;
  columns: ChangeListColumn[];
  rows: ChangeListRow[];
  /** Rows matching the filters and search. */
  total: number;
  page: number;
  pages: number;
  perPage: number;
  /** Page links (every page when few; first, last and around the current one otherwise; null is a gap '…'). */
  pageLinks: ({ page: number; query: QueryString; current: boolean } | null)[];
  /** The search box: shown when ModelAdmin.searchFields is set. */
  search: { q: string; fields: string[] } | null;
  filters: ChangeListFilter[];
  /** Year → month → day links (Django's date_hierarchy); null without ModelAdmin.dateHierarchy. */
  dateHierarchy: {
    field: string;
    /** The links back up ('2020' → all years). */
    crumbs: { label: string; query: QueryString }[];
    choices: { label: string; query: QueryString }[];
  } | null;
  /** Bulk actions the user may run ('delete_selected' first when they may delete). */
  actions: { name: string; label: string; labelEn: string }[];
  /** The current state, canonical (invalid parameters dropped). */
  query: QueryString;
  /** The query without filters/search/dates (the "clear all" link). */
  clearQuery: QueryString;
  /** Parameters that were ignored, with why (shown above the list). */
  messages: string[];
}

/** One editable (or read-only) field on the change form. Values are what an HTML form carries. */
export interface FormField {
  /** The form control's name: the field name; for a relation, the relation field's name ('category', 'tags'). */
  name: string;
  label: string;
  widget: Widget;
  required: boolean;
  readonly: boolean;
  /** The current value: a string for one control, strings for a multi-select, a boolean for a checkbox. */
  value: string | string[] | boolean;
  /** What a read-only field shows (formatted date, related row's name, …). */
  display: string;
  help?: string;
  /** select / fk-select / m2m-select: the options. Autocomplete widgets list only the selected ones here. */
  choices?: { value: string; label: string }[];
  /** For autocomplete widgets: what to pass to autocomplete(). */
  autocomplete?: { app: string; model: string; field: string };
  /** Max length (slug fields) or undefined. */
  maxLength?: number;
}

export interface InlineSpec {
  /** The relation field on the parent ('children'). */
  field: string;
  /** The related model ('Category'). */
  model: string;
  label: string;
  /** Form name prefix: controls are `<prefix>-<n>-<field>`, plus `<prefix>-<n>-id`, `<prefix>-<n>-DELETE`, `<prefix>-TOTAL_FORMS`. */
  prefix: string;
  /** Column headers / controls of one row (value empty). */
  fields: FormField[];
  /** Existing related rows, then `extra` empty ones. */
  rows: { id: string | null; fields: FormField[] }[];
}

export interface FormSpec {
  model: AdminModel;
  access: ModelAccess;
  /** null on the add form. */
  id: string | null;
  /** The object's repr (title) or null on add. */
  repr: string | null;
  /** The version the form was built from (hidden input `_version`); null when the model has none or on add. */
  version: number | null;
  fieldsets: { title: string | null; fields: FormField[] }[];
  inlines: InlineSpec[];
  /** Target field → source fields: the UI fills the target with slugify(sources joined by space) while it is untouched. */
  prepopulated: Record<string, string[]>;
  /** The site's time zone (datetime widgets' values are in it). */
  timeZone: string;
  /** What the user may do here (the form is read-only without change/add). */
  readonly: boolean;
}

export type SaveResult =
  | { ok: true; id: string; object: Record<string, unknown>; created: boolean; message: string }
  | {
      ok: false;
      /** Field name → messages (beside the field). Inline errors: `<prefix>-<n>-<field>`. */
      errors: Record<string, string[]>;
      nonFieldErrors: string[];
      /** A stale save (optimistic locking): the stored values (theirs) and the submitted ones (yours), as form values. */
      conflict?: { theirs: Record<string, string | string[] | boolean>; yours: Record<string, string | string[] | boolean>; changed: string[]; version: number };
      /** The form rebuilt with the submitted values, errors to show beside them. */
      form: FormSpec | null;
    };

export interface DeletePreview {
  model: AdminModel;
  objects: { id: string; repr: string }[];
  /** Rows deleted with them (cascades), and rows that lose their link (SetNull), grouped per model and relation. */
  dependents: { model: string; verboseNamePlural: string; slug: string | null; effect: 'delete' | 'detach'; via: string; count: number; rows: { id: string; repr: string }[] }[];
  /** Rows that forbid the delete (onDelete Restrict/NoAction): the delete is refused while they exist. */
  protected: { model: string; via: string; rows: { id: string; repr: string }[] }[];
  /** Ids asked for that do not exist or that the user may not delete. */
  missing: string[];
}

export interface LogEntryView {
  id: number;
  actionTime: Date;
  userId: number | null;
  userEmail: string;
  app: string;
  model: string;
  objectId: string;
  objectRepr: string;
  action: 'add' | 'change' | 'delete' | 'action';
  /** Fields a change touched. */
  changed: string[];
  /** The bulk action's name when action is 'action'. */
  actionName?: string;
  /** Human summary ('Changed title and status.' / '제목, 상태 변경'). */
  message: string;
  /** `<app>/<model>/<id>` when the object still exists and its model is registered; else null. */
  link: string | null;
}
