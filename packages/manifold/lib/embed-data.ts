// The render-time data of a post's embeds (AppManifest.embedData): before MdxBody renders a stored output, the page's
// data loader (contrib/blog/pages.ts) and the editor's preview (contrib/blog/editor/preview.ts) ask the installed
// apps' resolvers about each embed the output uses, e.g. <ModelDemo model="mnist-cnn" /> → the model's signature, its
// example and the served version's answer for it. Server-only: the resolvers may read the database.
import type { EmbedDataResolver } from './app';
import { embedDataResolvers } from '@site/.manifold/registry.embed-data';
import { loadEmbedSchemas } from './embed-schemas';
import { embedsOf, type EmbedData } from './mdx/render';

let resolvers: Promise<Record<string, EmbedDataResolver>> | undefined;

/** Every installed app's resolvers, by embed name (loaded once). */
export function loadEmbedDataResolvers(): Promise<Record<string, EmbedDataResolver>> {
  resolvers ??= (async () => {
    const all: Record<string, EmbedDataResolver> = {};
    for (const entry of embedDataResolvers) Object.assign(all, (await entry.load()).default);
    return all;
  })().catch((err) => {
    resolvers = undefined;
    throw err;
  });
  return resolvers;
}

/** The embed names that have a resolver (the preview asks the compile worker to stop before rendering only for those). */
export async function embedsWithData(): Promise<string[]> {
  return Object.keys(await loadEmbedDataResolvers());
}

/**
 * The data of every embed in a stored output that has a resolver, by embedDataKey(). A resolver that throws (a
 * database hiccup, a bug) leaves its embed without data: the embed renders its own fallback, the page still renders.
 */
export async function resolveEmbedData(code: string, options: { preview?: boolean; resolvers?: Record<string, EmbedDataResolver>; cacheKey?: string } = {}): Promise<EmbedData> {
  const all = options.resolvers ?? (await loadEmbedDataResolvers());
  if (!Object.keys(all).length) return {};
  // cacheKey (the post's id and version, as MdxBody gets it) lets the tree parsed for rendering serve here too.
  const uses = embedsOf(code, await loadEmbedSchemas(), options.cacheKey).filter((u) => Object.hasOwn(all, u.name));
  const out: EmbedData = {};
  await Promise.all(
    uses.map(async (u) => {
      try {
        const value = await all[u.name](u.props, { preview: options.preview ?? false });
        if (value !== undefined) out[u.key] = JSON.parse(JSON.stringify(value));
      } catch (err) {
        console.error(`embed data of <${u.name} />: ${(err as Error).message}`);
      }
    }),
  );
  return out;
}
