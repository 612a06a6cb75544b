// The app manifest (Django's AppConfig): what an app under apps/<label>/ contributes to the project.
import type { ComponentType } from 'react';
import type { ZodType } from 'zod';
// Types only (erased): the manifest stays safe for a browser bundle.
import type { Prisma } from '../prisma/generated/sqlite/client';

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
  listDisplay?: ModelField<M>[];
  listFilter?: ModelField<M>[];
  searchFields?: ModelField<M>[];
  /** A field, or `-field` for descending. */
  ordering?: (ModelField<M> | `-${ModelField<M>}`)[];
  fieldsets?: { title?: string; fields: ModelField<M>[] }[];
  readonlyFields?: ModelField<M>[];
  prepopulatedFields?: Partial<Record<ModelField<M>, ModelField<M>[]>>;
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
   * The app's manage commands, as a module path relative to apps/<label>/ (e.g. "commands"). A path, not an
   * import(), because manifests reach page bundles through site.config.ts and bundlers follow every import():
   * CLI code (fs, database drivers) must never be pulled into a browser build.
   */
  commands?: string | (() => Promise<{ default: Record<string, Command> }>);
}

export function defineApp<const M extends AppManifest>(manifest: M): M {
  if (!/^[a-z_][a-z0-9_]*$/.test(manifest.label)) throw new Error(`App label "${manifest.label}" must be a lowercase identifier`);
  return manifest;
}
