// The media library's admin API (served at /admin/api/media… by contrib/admin/views/api-route.ts, which has already
// checked same-site, signed in and active staff): upload raw bytes, list and search, change the alt text, delete.
// Made by a function of what they work on, so tests serve the same declarations on a test database and storage.
import { z } from 'zod';
import { defineEndpoint, Reply, type Endpoint } from '../../lib/endpoint.mjs';
import { HttpError } from '../../lib/http-guard.mjs';
import { deleteMedia, getMedia, listMedia, updateMediaAlt, uploadMedia, type MediaDeps } from './service';

export interface MediaEndpointOptions {
  deps: () => MediaDeps | Promise<MediaDeps>;
  /** The signed-in user's id (recorded as the uploader). */
  userId: () => Promise<number | null>;
  /** The upload size limit in bytes (settings().media.maxBytes). */
  maxBytes: () => number;
}

const idOf = (params: Record<string, string>) => {
  const id = /^[1-9]\d{0,9}$/.test(params.id ?? '') ? Number(params.id) : NaN;
  if (!Number.isSafeInteger(id)) throw new HttpError(400, `미디어 번호가 올바르지 않습니다 / "${String(params.id).slice(0, 20)}" is not a media id`);
  return id;
};

const altInput = z.object({ alt: z.string().max(1000, 'alt: at most 1000 characters / 대체 텍스트는 1000자까지입니다') }).strict();

export function mediaEndpoints(opts: MediaEndpointOptions): Endpoint[] {
  return [
    defineEndpoint({
      method: 'POST',
      path: '/admin/api/media/upload',
      permission: 'media.add_media',
      body: 'bytes',
      bodyLimit: opts.maxBytes,
      handler: async (req) => {
        const bytes = req.body ?? Buffer.alloc(0);
        const { media, created } = await uploadMedia(await opts.deps(), bytes, { filename: req.query.get('filename'), alt: req.query.get('alt'), userId: await opts.userId() });
        return new Reply(created ? 201 : 200, media);
      },
    }),
    defineEndpoint({
      method: 'GET',
      path: '/admin/api/media',
      permission: 'media.view_media',
      handler: async (req) => {
        const page = Number(req.query.get('page') ?? '1');
        return listMedia(await opts.deps(), { q: req.query.get('q'), page: Number.isFinite(page) ? page : 1 });
      },
    }),
    defineEndpoint({
      method: 'GET',
      path: '/admin/api/media/:id',
      permission: 'media.view_media',
      handler: async (req) => getMedia(await opts.deps(), idOf(req.params)),
    }),
    defineEndpoint({
      method: 'PATCH',
      path: '/admin/api/media/:id',
      permission: 'media.change_media',
      input: altInput,
      handler: async (req) => updateMediaAlt(await opts.deps(), idOf(req.params), req.input.alt),
    }),
    defineEndpoint({
      method: 'DELETE',
      path: '/admin/api/media/:id',
      permission: 'media.delete_media',
      handler: async (req) => {
        const result = await deleteMedia(await opts.deps(), idOf(req.params));
        if (result.deleted) return result;
        const titles = result.usedBy.map((u) => `“${u.title}”`).join(', ');
        return new Reply(409, { error: `이 파일을 쓰는 글이 있어 지울 수 없습니다: ${titles} / This file is used by ${titles}; remove it from them first.`, usedBy: result.usedBy });
      },
    }),
  ];
}
