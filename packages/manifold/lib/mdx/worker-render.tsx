// The preview's HTML, made in the compile pool's worker (lib/mdx/worker.mjs loads this on its first preview): the
// stored output rendered by the same MdxBody as the post page, embeds included with their static first state, so the
// preview frame's islands runtime hydrates them as it does on a reader page. React's server renderer runs here, not in
// the admin's route handler (Next's route handlers are React Server Component code, where react-dom/server is refused).
import { renderToString } from 'react-dom/server';
import { loadEmbeds, loadedEmbedSchemas } from '../embeds';
import { MdxBody, type EmbedData } from './render';

let n = 0;

/** `data`: the embeds' render-time data (lib/embed-data.ts), resolved by the server's thread before this task. */
export async function renderHtml(code: string, data?: EmbedData): Promise<string> {
  const embeds = await loadEmbeds();
  // A fresh cache key per render: MdxBody keeps parsed trees by key, and a preview is never rendered twice.
  return renderToString(<MdxBody cacheKey={`preview:${++n}`} code={code} embeds={embeds} schemas={loadedEmbedSchemas()} data={data} />);
}
