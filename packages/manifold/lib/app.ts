// The app manifest (Django's AppConfig): what an app under apps/<label>/ contributes to the project.
import type { ComponentType } from 'react';
import type { ZodType } from 'zod';
// Types only (erased): the manifest stays safe for a browser bundle.
import type { Prisma } from '@site/prisma/generated/sqlite/client';

export interface CommandContext {
  /** Where to print; commands never write to process.stdout directly so tests can capture them. */
  out: (line: string) => void;
  err: (line: string) => void;
  /** False when there is no terminal to ask (CI, --no-input). */
  interactive: boolean;
}

/** What every option declares: the help line, and optionally a one-letter alias and the value's name in --help. */
interface OptionBase {
  help: string;
  /** One letter: `-o` for `--output`. */
  short?: string;
  /** The value's name in --help (`--output FILE`); the choices or N when omitted. */
  metavar?: string;
}
/** One `--name` option (Django's parser.add_argument('--name', ...)): its type decides what run() receives. */
export type OptionSpec =
  | (OptionBase & { type: 'boolean' })
  | (OptionBase & { type: 'string'; default?: string; choices?: readonly string[]; multiple?: boolean; required?: boolean })
  | (OptionBase & { type: 'integer'; default?: number; min?: number; max?: number; choices?: readonly number[]; multiple?: boolean; required?: boolean });
export type OptionSpecs = Record<string, OptionSpec>;

/** One positional argument. Required unless `optional`; `variadic` takes the rest (one or more, or any with optional). */
export interface ArgumentSpec {
  name: string;
  help: string;
  optional?: boolean;
  variadic?: boolean;
  /** Given when the argument is absent (makes it optional). */
  default?: string;
  metavar?: string;
}

/** `dry-run` → `dryRun`: the key run() reads an option by. */
export type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
type Scalar<S> = S extends { type: 'boolean' }
  ? boolean
  : S extends { choices: readonly (infer C)[] }
    ? C
    : S extends { type: 'integer' }
      ? number
      : string;
type OptionValue<S> = S extends { multiple: true }
  ? Scalar<S>[]
  : S extends { type: 'boolean' } | { default: string | number } | { required: true }
    ? Scalar<S>
    : Scalar<S> | undefined;
type ArgumentValue<A> = A extends { variadic: true } ? string[] : A extends { default: string } ? string : A extends { optional: true } ? string | undefined : string;

/** What run() receives: every option and positional argument by its camelCased name, parsed and typed. */
export type ParsedOptions<O extends OptionSpecs, A extends readonly ArgumentSpec[]> = {
  [K in keyof O & string as CamelCase<K>]: OptionValue<O[K]>;
} & { [X in A[number] as CamelCase<X['name']>]: ArgumentValue<X> };

/**
 * A manage command (Django's BaseCommand): it declares its options and arguments once; the runner parses argv
 * against them (unknown options and bad values are a one-line error, exit 2), prints --help from them and hands
 * run() the typed result.
 */
export interface Command<O extends OptionSpecs = OptionSpecs, A extends readonly ArgumentSpec[] = readonly ArgumentSpec[]> {
  description: string;
  options?: O;
  arguments?: A;
  /** Lines printed after the options in --help: environment variables read, examples. */
  epilog?: string;
  /** Returns the exit code (0 when omitted). Throw a CommandError for a one-line failure. */
  run(options: ParsedOptions<O, A>, ctx: CommandContext): Promise<number | void>;
}

/** Declares a command with its options typed from the declaration (the identity at run time). */
export function defineCommand<const O extends OptionSpecs = Record<never, never>, const A extends readonly ArgumentSpec[] = []>(command: Command<O, A>): Command<O, A> {
  return command;
}

export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** The project's models, as the generated Prisma client declares them (both providers' clients hold the same models). */
type PrismaModels = Prisma.TypeMap['model'];
/** A model name of the installed apps: 'Post', 'Category', … */
export type ModelName = keyof PrismaModels & string;
/** A field of model M (scalar or relation), by its name in models.prisma. */
export type ModelField<M extends ModelName> = (keyof PrismaModels[M]['payload']['scalars'] | keyof PrismaModels[M]['payload']['objects']) & string;

/** How the generic admin shows and edits model M (Django's ModelAdmin); every field list names fields of M. */
export interface ModelAdminOf<M extends ModelName> {
  model: M;
  verboseName?: string;
  verboseNamePlural?: string;
  /**
   * The change list's columns: fields (a relation shows its row's name), or `name()`, a column the app computes on the
   * server (Django's list_display callables): `AdminModelHooks.columns[name]` in the app's admin hooks module.
   */
  listDisplay?: (ModelField<M> | `${string}()`)[];
  listFilter?: ModelField<M>[];
  /**
   * Fields the change list filters by whether they hold anything (Django's EmptyFieldListFilter): 전체 / 있음 / 없음,
   * as `?<field>__isempty=0|1` (null or '' counts as empty), e.g. the posts whose source failed to compile.
   */
  emptyFilters?: ModelField<M>[];
  searchFields?: ModelField<M>[];
  /** A field, or `-field` for descending. */
  ordering?: (ModelField<M> | `-${ModelField<M>}`)[];
  fieldsets?: { title?: string; fields: ModelField<M>[] }[];
  readonlyFields?: ModelField<M>[];
  prepopulatedFields?: Partial<Record<ModelField<M>, ModelField<M>[]>>;
  /** A date field: the change list offers year → month → day links above the rows (Django's date_hierarchy). */
  dateHierarchy?: ModelField<M>;
  /** Rows per change-list page (default 50). */
  listPerPage?: number;
  /** Foreign keys and many-to-many fields edited with a search-as-you-type select instead of a plain one. */
  autocompleteFields?: ModelField<M>[];
  /**
   * The relation naming the user who owns a row (e.g. 'author' on Post). `migrate` then also creates
   * `<app>.view_own_<model>`, `change_own_<model>` and `delete_own_<model>`: a user holding only an `_own_` permission
   * sees and edits only the rows they own, and a new row is theirs.
   */
  ownerField?: ModelField<M>;
  /** Related rows edited on this model's form (Django's inlines): the relation field, e.g. 'children' on Category. */
  inlines?: { field: ModelField<M>; fields?: string[]; extra?: number }[];
  /**
   * The app's own bulk actions on this model's change list, by name; the server half (adminHooks) implements them.
   * Each names the permission it needs (default `<app>.change_<model>`).
   */
  actions?: { name: string; label: string; labelEn?: string; permission?: string }[];
  /**
   * Form fields that are not columns, handed to the server half's beforeSave in `data` under their name (which turns
   * them into columns), e.g. the User form's "set password" field that beforeSave hashes into passwordHash. Never
   * prefilled; blank means "leave as is".
   */
  extraFields?: { name: string; label: string; labelEn?: string; widget: 'password' | 'text'; help?: string; helpEn?: string }[];
  /** Field labels in the admin's languages (Django's verbose_name): `{ ko: '제목', en: 'Title' }`, or one string for both. */
  fieldLabels?: Partial<Record<ModelField<M>, string | { ko: string; en: string }>>;
  /** Labels of a `// choices:` field's values in selects, filters and the list: `{ status: { draft: { ko: '초안', en: 'Draft' } } }`. */
  choiceLabels?: Partial<Record<ModelField<M>, Record<string, string | { ko: string; en: string }>>>;
  /**
   * false: rows of this model are not made in the admin (Django's has_add_permission returning False), whatever
   * permissions a user holds: they come from elsewhere (readers' comments) and the admin only moderates them.
   */
  addable?: boolean;
  /**
   * Rows waiting for someone (e.g. comments awaiting moderation): the dashboard shows how many match `filter` (field →
   * value, as the change list's filters take them) beside the model, linked to the change list so filtered.
   */
  attention?: { filter: Partial<Record<ModelField<M>, string>>; label: string | { ko: string; en: string } };
}

/**
 * One ModelAdmin entry, typed by the model it names: `{ model: 'GaleryItem' }` or `{ model: 'Post', listDisplay:
 * ['titel'] }` fail tsc. `manage check` reports the same mistakes at run time (admin.E108 and friends) for what
 * the types cannot see (lib/manage/admin-checks.ts).
 */
export type ModelAdmin = { [M in ModelName]: ModelAdminOf<M> }[ModelName];

export type EmbedRegistry = Record<string, ComponentType<Record<string, unknown>>>;

/**
 * The zod schema of each embed's props, by embed name. A post's props are literal JSON values checked against
 * it at compile time (and again at render). Kept apart from the components so the compiler never loads React.
 */
export type EmbedSchemas = Record<string, ZodType<Record<string, unknown>>>;

/**
 * The browser-safe half of an app's manifest (apps/<label>/app.ts): what a page bundle may import. The generated
 * client registry (.manifold/registry.client.ts) imports every installed app's manifest statically, so each
 * `() => import()` below is seen by Next and by the islands bundler.
 */
export interface AppManifest {
  /** The folder name under apps/, and the prefix of permissions ("blog.change_post") and cache tags ("blog:post:1"). */
  label: string;
  verboseName: string;
  description?: string;
  /** Loaded lazily so the CLI never pulls in React. Admin options and embeds are safe in a browser bundle. */
  admin?: () => Promise<{ default: ModelAdmin[] }>;
  embeds?: () => Promise<{ default: EmbedRegistry }>;
  /** The props schema of every embed in `embeds`, from a module that imports no React (the CLI compiles posts). */
  embedProps?: () => Promise<{ default: EmbedSchemas }>;
  /**
   * The embeds' stylesheet, a path relative to apps/<label>/ (e.g. "embeds.css"). A path, not an import(): only the
   * islands bundle loads it (the generator writes the import there), while Next refuses CSS imported from a module.
   */
  embedStyles?: string;
  /**
   * A server-only module (path relative to apps/<label>/, e.g. "custom/embed-data.ts") whose default export is an
   * EmbedDataResolvers: per embed name, an async function that looks up what the embed needs at render time (e.g.
   * <ModelDemo>'s model, its signature and example). A path, not an import(): the generator imports it only in
   * .manifold/registry.embed-data.ts, which the post page's data loader and the editor's preview read, so no page
   * bundle reaches a database driver through it.
   */
  embedData?: string;
}

/**
 * What an embed's data resolver is handed: its checked props, and whether the page is a preview (an editor's draft,
 * never cached for readers).
 */
export interface EmbedDataContext {
  preview: boolean;
}

/**
 * Resolves one embed's render-time data from its (schema-checked) props. The answer must be JSON (it reaches the
 * embed as its `data` prop on the server, and the browser through the island marker); null when there is nothing.
 * A resolver that throws leaves the embed without data (it renders its own fallback), never the page broken.
 */
export type EmbedDataResolver = (props: Record<string, unknown>, ctx: EmbedDataContext) => Promise<unknown>;
export type EmbedDataResolvers = Record<string, EmbedDataResolver>;

export function defineApp<const M extends AppManifest>(manifest: M): M {
  if (!/^[a-z_][a-z0-9_]*$/.test(manifest.label)) throw new Error(`App label "${manifest.label}" must be a lowercase identifier`);
  return manifest;
}

/** One finding of `manage check`; ids are "<app>.<E|W|I><number>" like Django's ("blog.W001"). */
export interface CheckMessage {
  level: 'ERROR' | 'WARNING' | 'INFO';
  id: string;
  where: string;
  message: string;
  hint?: string;
}

/**
 * The server half of an app's manifest (apps/<label>/server.ts): never imported by a page bundle, only by the
 * generated server registry (.manifold/registry.server.ts), which manage, check and the Next server read. Its top
 * level must stay cheap: every part that pulls in a database driver, tfjs or the file system is behind an import().
 */
export interface ServerAppManifest {
  /** `manage <label> <command>` (and `manage <command>` when no other app or core command takes the name). */
  commands?: () => Promise<{ default: Record<string, Command> }>;
  /** What `manage shell` puts in scope under the app's label (Django's shell_plus): usually the app's queries. */
  shell?: () => Promise<Record<string, unknown>>;
  /**
   * The app's own system checks (Django's register(check)), run by `manage check` once the database is migrated:
   * e.g. the blog warns about posts whose embeds belong to an app that is not installed.
   */
  checks?: () => Promise<CheckMessage[]>;
  /**
   * A plain-JavaScript module (path relative to apps/<label>/, e.g. "./node.mjs") that server.mjs imports before
   * Next starts, because server.mjs runs in Node without a TypeScript loader. It may export `ready()` (start
   * worker pools), `fastPath()` (a request handler answered before Next's router; it returns true when it
   * answered), `readiness()` (asked by GET /api/ready) and `close()` (run on graceful shutdown): NodeHooks. The generator turns this path into a static import in .manifold/registry.node.mjs.
   */
  node?: string;
  /**
   * Extension points this app reads from the other installed apps (Django's app registry lookups), e.g. the ml app
   * collects "ml.demos". For each key the generator writes .manifold/provides/<key>.mjs, whose default export is the
   * list of what the installed apps provide under it, in installedApps order; the collecting app imports it as
   * `@site/.manifold/provides/<key>.mjs`.
   */
  collects?: readonly string[];
  /**
   * What this app contributes to another app's extension point: key → a plain-JavaScript module of this app (relative
   * path, e.g. "./demos/index.mjs") whose default export is the contribution. Installing an app that provides to a key
   * no installed app collects is a registry error naming the key.
   */
  provides?: Readonly<Record<string, string>>;
  /**
   * Keys of `provides` whose collecting app may be left out: the contribution is then dropped instead of refused (the
   * blog answers the media library's "media.usage" when media is installed, and works without it).
   */
  optionalProvides?: readonly string[];
  /**
   * What next.config.mjs needs for this app: packages Node loads itself, files file tracing cannot see. A tracing glob
   * that starts with "<app>/" is relative to the app's folder (wherever the package that ships it is installed); any
   * other is relative to the project.
   */
  next?: {
    serverExternalPackages?: string[];
    outputFileTracingIncludes?: Record<string, string[]>;
  };
  /** Project-relative paths (besides the source folders) whose change means the site must be rebuilt, e.g. trained weights. */
  buildInputs?: string[];
  /**
   * The app's own permissions beyond view/add/change/delete of each model (Django's Meta.permissions), codename →
   * human name: `{ publish_post: 'Can publish posts' }` becomes `blog.publish_post`, created by `migrate`.
   */
  permissions?: Readonly<Record<string, string>>;
  /**
   * Run by `migrate` after the migrations, in installedApps order (Django's post_migrate signal): idempotent data work
   * such as the accounts app creating permissions and built-in groups.
   */
  postMigrate?: () => Promise<{ default: (ctx: PostMigrateContext) => Promise<void> }>;
  /**
   * A module of this app (relative path, e.g. "./admin-hooks.ts") whose default export is what the admin runs around
   * a save, a delete and the app's bulk actions, by model name (`Partial<Record<model, AdminModelHooks>>`; server-only:
   * it may compile, revalidate, write files). A hook refuses with an AdminValidationError naming the field. A path,
   * not an import(): the generator imports it alone in .manifold/registry.hooks.ts, so the admin's server bundle gets
   * the hooks and none of the app's commands.
   */
  adminHooks?: string;
  /**
   * The files this app's rows name in a storage (an upload, a model's weights), so `dumpdata` carries them in the
   * fixture as storage.file records and `loaddata` puts them back (lib/manage/fixture-files.ts).
   */
  fixtureFiles?: () => Promise<{ default: FixtureFiles }>;
}

/** What an app's fixtureFiles module exports: which rows name which files, and where those files are kept. */
export interface FixtureFiles {
  /** Per model label (`app.model`, lower case), the storage keys one dumped row's fields name. */
  keys: Readonly<Record<string, (fields: Record<string, unknown>) => string[]>>;
  /** Whether a key is one of this app's (loaddata puts a carried file through the first app that owns its key). */
  owns: (key: string) => boolean;
  /** Where the files are kept (the site's media storage). */
  storage: () => {
    put(key: string, bytes: Buffer, contentType: string): Promise<void>;
    get(key: string): Promise<{ bytes: Buffer } | null>;
  };
}

/** What a postMigrate hook is given. */
export interface PostMigrateContext {
  /** The database client (lib/db.ts' Db: typed by the installed apps' models). */
  db: import('./db').Db;
  /** Every installed app's label and the models it declares, in installedApps order. */
  apps: { label: string; models: string[]; permissions: Readonly<Record<string, string>>; ownerModels: string[] }[];
  out: (line: string) => void;
}

/** A refusal of a save by an admin hook: shown beside the field (or at the top when field is null). */
export class AdminValidationError extends Error {
  constructor(readonly errors: { field: string | null; message: string }[]) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '));
  }
}

/** The admin hooks of one model (server-only). `data` is what the form parsed, ready for Prisma. */
export interface AdminModelHooks {
  /** Before a create or an update is written: may change data (derived fields), or throw AdminValidationError. */
  beforeSave?: (args: { data: Record<string, unknown>; existing: Record<string, unknown> | null; user: { id: number; permissions: ReadonlySet<string>; isSuperuser: boolean }; db?: import('./db').Db }) => Promise<Record<string, unknown>>;
  /** After the write committed: cache invalidation and the like. */
  afterSave?: (args: { object: Record<string, unknown>; created: boolean; db?: import('./db').Db }) => Promise<void>;
  /**
   * Before a delete is written (Django's pre_delete): what only the rows still linked can tell, e.g. which other rows a
   * SetNull or a link table's cascade is about to change. Its result reaches afterDelete as `before`.
   */
  beforeDelete?: (args: { objects: Record<string, unknown>[]; db?: import('./db').Db }) => Promise<unknown>;
  /** After the delete committed (with what beforeDelete returned): cache invalidation and the like. */
  afterDelete?: (args: { objects: Record<string, unknown>[]; db?: import('./db').Db; before?: unknown }) => Promise<void>;
  /**
   * The bulk actions ModelAdmin.actions names; returns the message shown after the action. `db` (given by the
   * admin, additive) is the database the admin works on: the site's, or a test's.
   */
  actions?: Record<string, (args: { ids: (string | number)[]; user: { id: number }; db?: import('./db').Db }) => Promise<string>>;
  /**
   * Computed change-list columns, named in ModelAdmin.listDisplay as `name()` (Django's list_display callables). `value`
   * gets the row with at least the fields `select` names and returns what the cell shows (a boolean shows as yes/no, a
   * Date in the site's time zone); such a column is not sortable.
   */
  columns?: Record<string, { label: string; labelEn?: string; select?: string[]; value: (row: Record<string, unknown>) => string | number | boolean | Date | null }>;
  /**
   * Replaces the generic add and change form of this model (Django's ModelAdmin.change_form_template and
   * changeform_view): the blog's post editor. The admin still checks sign-in and staff before it runs; the view checks
   * the model permissions itself (admin-core's loadObject and formSpec do).
   */
  changeFormView?: () => Promise<{ default: AdminView }>;
  /**
   * Replaces the generic change list of this model (Django's ModelAdmin.changelist_view): the media library's grid.
   * The admin checks sign-in and staff; the view checks the model's view permission itself.
   */
  changeListView?: () => Promise<{ default: AdminView }>;
  /** Extra pages of one object at /admin/<app>/<model>/<id>/<name> (Django's ModelAdmin.get_urls): a post's revisions. */
  objectViews?: Record<string, () => Promise<{ default: AdminView }>>;
}

/** What an app's admin page is given: the signed-in staff user, the admin's language and the address it answers. */
export interface AdminViewProps {
  user: { id: number; email: string; name: string; permissions: ReadonlySet<string>; isSuperuser: boolean; isStaff: boolean };
  lang: 'ko' | 'en';
  /** The requested path with its query, for "come back here" links. */
  path: string;
  app: string;
  /** The model's URL name (lowercase, as in /admin/blog/post). */
  model: string;
  /** The object's id from the URL; null on the add page. */
  id: string | null;
  query: URLSearchParams;
}

export type AdminView = (props: AdminViewProps) => Promise<import('react').ReactNode>;

export function defineServerApp<const M extends ServerAppManifest>(manifest: M): M {
  if (manifest.node !== undefined && !/^\.\/[\w./-]+\.mjs$/.test(manifest.node)) {
    throw new Error(`The server manifest's node module must be a relative .mjs path such as "./node.mjs"; got "${manifest.node}"`);
  }
  if (manifest.adminHooks !== undefined && !/^\.\/[\w./-]+\.(?:ts|mjs)$/.test(manifest.adminHooks)) {
    throw new Error(`The server manifest's adminHooks must be a relative .ts or .mjs path such as "./admin-hooks.ts"; got "${manifest.adminHooks}"`);
  }
  for (const [key, file] of Object.entries(manifest.provides ?? {})) {
    if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.-]*$/i.test(key)) throw new Error(`provides: "${key}" is not an extension point name ("<app>.<name>", e.g. "ml.demos")`);
    if (!/^\.\/[\w./-]+\.mjs$/.test(file)) throw new Error(`provides["${key}"] must be a relative .mjs path such as "./demos/index.mjs"; got "${file}"`);
  }
  return manifest;
}

/** The hooks an app's `node` module may export, run by server.mjs. */
export interface NodeHooks {
  ready?: () => void | Promise<void>;
  fastPath?: () => Promise<FastPath> | FastPath;
  /**
   * Whether the app can serve now (its models loaded, its pool started), asked by GET /api/ready within
   * MANIFOLD_READY_TIMEOUT_MS; not ready makes the whole answer 503 with the app's detail as the reason.
   */
  readiness?: () => AppReadiness | Promise<AppReadiness>;
  /** Run once by a stopping server (SIGTERM/SIGINT) after its last request was answered: stop worker pools, close
   * connections, give up what other instances wait for (a leader lock). */
  close?: () => void | Promise<void>;
}

/** What an app's readiness probe answers. */
export interface AppReadiness {
  ok: boolean;
  detail?: string;
}

/**
 * Decides synchronously whether it claims a request (lib/server/handler.mjs asks before Next's router) and, when it
 * does, answers it in its own time; true means claimed.
 */
export type FastPath = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean;
