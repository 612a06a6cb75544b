import { z } from 'zod';
import { handler, HttpError, readJson } from '../../../lib/http';
import { revalidateContent } from '../../../lib/cache';
import { checkRevalidateToken } from '../../../lib/revalidation';

export const dynamic = 'force-dynamic';

const body = z.object({
  tags: z.array(z.string().min(1).max(256)).max(500).default([]),
  paths: z.array(z.string().startsWith('/').max(1000)).max(500).default([]),
  posts: z.array(z.string().min(1).max(300)).max(500).default([]),
});

export const POST = handler(async (req) => {
  const refused = checkRevalidateToken(req.headers.get('x-manifold-token'));
  if (refused) throw new HttpError(403, `${refused} Manage commands send the token kept in data/.revalidate-token.`);
  const change = await readJson(req, body, { maxBytes: 200_000 });
  await revalidateContent(change);
  return { revalidated: change };
});
