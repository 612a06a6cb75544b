// Every installed app's MDX embeds, merged: the components (for rendering) and the zod schemas of their props
// (for compiling, loaded without React: lib/embed-schemas.ts). Posts compile only against the schemas and render with
// the components. The apps come from the generated client registry; embeds of apps under apps/ that are not installed
// are known by name only (uninstalledEmbeds), so posts using them still compile and render a placeholder naming the app.
import type { EmbedRegistry } from './app';
import { apps } from '@site/.manifold/registry.client';
import { loadEmbedSchemas } from './embed-schemas';

export { embedApps, embedCompileOptions, embedNames, loadedEmbedSchemas, loadEmbedSchemas, uninstalledEmbeds } from './embed-schemas';

type Loader<T> = () => Promise<{ default: T }>;

let cached: Promise<EmbedRegistry> | undefined;
let loaded: EmbedRegistry | undefined;

export function loadEmbeds(): Promise<EmbedRegistry> {
  cached ??= (async () => {
    const registry: EmbedRegistry = {};
    for (const app of apps) {
      const loader = (app as { embeds?: Loader<EmbedRegistry> }).embeds;
      if (!loader) continue;
      for (const [name, value] of Object.entries((await loader()).default)) {
        if (registry[name]) throw new Error(`Embed <${name} /> is registered by two apps; rename one of them.`);
        registry[name] = value;
      }
    }
    await loadEmbedSchemas();
    loaded = registry;
    return registry;
  })();
  return cached;
}

/** The registry once loadEmbeds() has resolved (a page's data loader awaits it before rendering). */
export function loadedEmbeds(): EmbedRegistry {
  if (!loaded) throw new Error('loadEmbeds() must finish before a post renders');
  return loaded;
}
