// On-demand rebuild of Pages Router pages (the post pages): only the Pages Router's res.revalidate() can do
// it. Called by lib/cache.ts after content changes, with the same token as /api/revalidate.
import type { NextApiRequest, NextApiResponse } from 'next';
import { z } from 'zod';
import { checkRevalidateToken } from '../../lib/revalidation';

const body = z.object({ paths: z.array(z.string().regex(/^\/read\/(ko|en)\/[^/]+$/)).max(1000) });

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).json({ error: 'Use POST.' });
  const refused = checkRevalidateToken(req.headers['x-manifold-token']);
  if (refused) return res.status(403).json({ error: refused });
  const parsed = body.safeParse(req.body);
  if (!parsed.success) return res.status(400).json({ error: `paths: ${parsed.error.issues[0].message} (expected /read/<ko|en>/<slug>)` });
  const results = await Promise.allSettled(parsed.data.paths.map((p) => res.revalidate(p)));
  return res.json({ revalidated: parsed.data.paths.filter((_, i) => results[i].status === 'fulfilled') });
}
