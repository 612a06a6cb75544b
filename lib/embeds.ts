// Every installed app's MDX embeds, merged. Posts compile only against these names and render with these components.
import type { EmbedRegistry } from './app';
import { installedApps } from '../site.config';

let cached: Promise<EmbedRegistry> | undefined;
let loaded: EmbedRegistry | undefined;

export function loadEmbeds(): Promise<EmbedRegistry> {
  cached ??= (async () => {
    const registry: EmbedRegistry = {};
    for (const app of installedApps) {
      const loader = (app as { embeds?: () => Promise<{ default: EmbedRegistry }> }).embeds;
      if (!loader) continue;
      for (const [name, component] of Object.entries((await loader()).default)) {
        if (registry[name]) throw new Error(`Embed <${name} /> is registered by two apps; rename one of them.`);
        registry[name] = component;
      }
    }
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

export async function embedNames(): Promise<string[]> {
  return Object.keys(await loadEmbeds()).sort();
}
