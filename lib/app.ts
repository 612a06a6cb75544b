// The app manifest (Django's AppConfig): what an app under apps/<label>/ contributes to the project.
import type { ComponentType } from 'react';
import type { ZodType } from 'zod';

export interface CommandContext {
  /** Where to print; commands never write to process.stdout directly so tests can capture them. */
  out: (line: string) => void;
  err: (line: string) => void;
  /** False when there is no terminal to ask (CI, --no-input). */
  interactive: boolean;
}

export interface Command {
  description: string;
  /** One line, e.g. "<label> [--name N]". */
  usage?: string;
  /** Returns the exit code (0 when omitted). Throw a CommandError for a one-line failure. */
  run(args: string[], ctx: CommandContext): Promise<number | void>;
}

export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** How the generic admin shows and edits one model (Django's ModelAdmin). */
export interface ModelAdmin {
  model: string;
  verboseName?: string;
  verboseNamePlural?: string;
  listDisplay?: string[];
  listFilter?: string[];
  searchFields?: string[];
  ordering?: string[];
  fieldsets?: { title?: string; fields: string[] }[];
  readonlyFields?: string[];
  prepopulatedFields?: Record<string, string[]>;
}

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
