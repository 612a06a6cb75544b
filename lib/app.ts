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
}

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
   * worker pools) and `fastPath()` (a request handler answered before Next's router; it returns true when it
   * answered). The generator turns this path into a static import in .manifold/registry.node.mjs.
   */
  node?: string;
  /** What next.config.mjs needs for this app: packages Node loads itself, files file tracing cannot see. */
  next?: {
    serverExternalPackages?: string[];
    outputFileTracingIncludes?: Record<string, string[]>;
  };
  /** Project-relative paths (besides the source folders) whose change means the site must be rebuilt, e.g. trained weights. */
  buildInputs?: string[];
}

export function defineServerApp<const M extends ServerAppManifest>(manifest: M): M {
  if (manifest.node !== undefined && !/^\.\/[\w./-]+\.mjs$/.test(manifest.node)) {
    throw new Error(`The server manifest's node module must be a relative .mjs path such as "./node.mjs"; got "${manifest.node}"`);
  }
  return manifest;
}

/** The hooks an app's `node` module may export, run by server.mjs. */
export interface NodeHooks {
  ready?: () => void | Promise<void>;
  fastPath?: () => Promise<FastPath> | FastPath;
}

/**
 * Decides synchronously whether it claims a request (lib/server/handler.mjs asks before Next's router) and, when it
 * does, answers it in its own time; true means claimed.
 */
export type FastPath = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean;
