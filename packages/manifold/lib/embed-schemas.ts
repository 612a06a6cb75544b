// The installed apps' embed props schemas (zod, no React): what the MDX compiler checks a post's embeds against, from
// the generated registry.compile.ts, which imports each app's embed-props.ts alone. Saving a post (manage, the admin)
// compiles through here, so nothing that compiles ever bundles an embed's component.
import type { EmbedSchemas } from './app';
import { embedApps, embedProps, uninstalledEmbeds } from '@site/.manifold/registry.compile';

export { embedApps, uninstalledEmbeds };

let cachedSchemas: Promise<EmbedSchemas> | undefined;
let loadedSchemas: EmbedSchemas | undefined;

/** The props schemas only: what the compiler needs. */
export function loadEmbedSchemas(): Promise<EmbedSchemas> {
  cachedSchemas ??= (async () => {
    const schemas: EmbedSchemas = {};
    for (const { load } of embedProps) {
      for (const [name, schema] of Object.entries((await load()).default)) {
        if (schemas[name]) throw new Error(`Embed <${name} /> is registered by two apps; rename one of them.`);
        schemas[name] = schema;
      }
    }
    loadedSchemas = schemas;
    return schemas;
  })();
  return cachedSchemas;
}

/** The schemas once loadEmbedSchemas() (or loadEmbeds()) has resolved; the renderer checks stored props against them again. */
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
