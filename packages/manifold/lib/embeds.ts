// Every installed app's MDX embeds, merged: the components (for rendering) and the zod schemas of their props
// (for compiling, loaded without React). Posts compile only against the schemas and render with the components.
// The apps come from the generated client registry; embeds of apps under apps/ that are not installed are known by
// name only (uninstalledEmbeds), so posts using them still compile and render a placeholder naming the app.
import type { EmbedRegistry, EmbedSchemas } from './app';
import { apps, embedApps, uninstalledEmbeds } from '@site/.manifold/registry.client';

export { embedApps, uninstalledEmbeds };

type Loader<T> = () => Promise<{ default: T }>;

async function merge<T>(pick: (app: object) => Loader<Record<string, T>> | undefined): Promise<Record<string, T>> {
  const registry: Record<string, T> = {};
  for (const app of apps) {
    const loader = pick(app);
    if (!loader) continue;
    for (const [name, value] of Object.entries((await loader()).default)) {
      if (registry[name]) throw new Error(`Embed <${name} /> is registered by two apps; rename one of them.`);
      registry[name] = value;
    }
  }
  return registry;
}

let cached: Promise<EmbedRegistry> | undefined;
let loaded: EmbedRegistry | undefined;
let cachedSchemas: Promise<EmbedSchemas> | undefined;
let loadedSchemas: EmbedSchemas | undefined;

export function loadEmbeds(): Promise<EmbedRegistry> {
  cached ??= (async () => {
    const [registry] = await Promise.all([merge((app) => (app as { embeds?: Loader<EmbedRegistry> }).embeds), loadEmbedSchemas()]);
    loaded = registry;
    return registry;
  })();
  return cached;
}

/** The props schemas only: what the compiler needs, with no React behind it. */
export function loadEmbedSchemas(): Promise<EmbedSchemas> {
  cachedSchemas ??= merge((app) => (app as { embedProps?: Loader<EmbedSchemas> }).embedProps).then((s) => (loadedSchemas = s));
  return cachedSchemas;
}

/** The registry once loadEmbeds() has resolved (a page's data loader awaits it before rendering). */
export function loadedEmbeds(): EmbedRegistry {
  if (!loaded) throw new Error('loadEmbeds() must finish before a post renders');
  return loaded;
}

/** The schemas once loadEmbeds() has resolved; the renderer checks stored props against them again. */
export function loadedEmbedSchemas(): EmbedSchemas {
  if (!loadedSchemas) throw new Error('loadEmbeds() must finish before a post renders');
  return loadedSchemas;
}

/** Names posts may use: an embed needs both a component and a props schema. */
export async function embedNames(): Promise<string[]> {
  return Object.keys(await loadEmbedSchemas()).sort();
}

/** What compileMdx needs about embeds: the installed ones' schemas, and which app each uninstalled one belongs to. */
export async function embedCompileOptions(): Promise<{ embeds: EmbedSchemas; embedApps: Readonly<Record<string, string>>; uninstalledEmbeds: Readonly<Record<string, string>> }> {
  return { embeds: await loadEmbedSchemas(), embedApps, uninstalledEmbeds };
}
