// Where uploads are kept: a folder on the local disk (default data/media) or an S3-compatible bucket (path-style
// requests signed with aws4fetch: AWS S3, MinIO, Cloudflare R2, Backblaze B2…), picked by MEDIA_STORAGE. Both take
// the same keys, which are checked by the strict media-key pattern before any path or URL is built from them.
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { HttpError } from '../../lib/http-guard.mjs';
import { logger } from '../../lib/log.mjs';
import { settings } from '../../lib/settings';
import { MEDIA_CONTENT_TYPES, parseMediaKey } from '../../lib/mdx/images';

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
  etag: string;
}

export interface MediaStorage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none under the key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/**
 * The keys of the model library's files (contrib/ml/custom/store.ts): `ml/<model slug>/v<version>/<sha-256 prefix>.<json|bin>`.
 * Never served by /media/ (serveMedia answers only image keys); read back by the model runtime.
 */
export const ML_FILE_KEY = /^ml\/[a-z0-9][a-z0-9-]{1,39}\/v[1-9]\d{0,5}\/[0-9a-f]{16}\.(?:json|bin)$/;

/** Errors of a disk that cannot take the bytes (full, or over quota) and of a folder that cannot be written. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const UNWRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);

/**
 * Writes several objects as one: all of them, or none (the ones written before a failure are removed again, so a
 * picture never has its original without its variants, nor a model version half its files). A full disk is refused
 * 507 and an unwritable folder 503, each saying so and that nothing was kept; other failures (S3 errors) go on as
 * they are, for the caller to answer.
 */
export async function putAll(storage: MediaStorage, objects: readonly { key: string; bytes: Buffer; contentType: string }[], what = '파일 / the files'): Promise<void> {
  const results = await Promise.allSettled(objects.map((o) => storage.put(o.key, o.bytes, o.contentType)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return;
  await Promise.all(objects.map((o, i) => (results[i].status === 'fulfilled' ? storage.delete(o.key).catch(() => {}) : undefined)));
  const err = failed.reason as NodeJS.ErrnoException;
  const [ko, en] = what.split(' / ');
  if (FULL.has(err?.code ?? '')) {
    logger.error('media storage is full', { code: err.code, error: err.message });
    throw new HttpError(507, `저장 공간(디스크)이 가득 차서 ${ko}을(를) 저장하지 못했습니다. 아무것도 저장되지 않았습니다. 관리자에게 알려 주세요. / The disk is full: ${en} could not be stored, and nothing was kept. Tell the site's operator.`);
  }
  if (UNWRITABLE.has(err?.code ?? '')) {
    logger.error('media storage cannot be written', { code: err.code, error: err.message });
    throw new HttpError(503, `미디어 폴더에 쓸 수 없어(읽기 전용이거나 권한 없음) ${ko}을(를) 저장하지 못했습니다. 아무것도 저장되지 않았습니다. 관리자에게 알려 주세요. / The media folder cannot be written (read-only, or no permission): ${en} could not be stored, and nothing was kept. Tell the site's operator.`);
  }
  throw failed.reason;
}

/** Refuses a key that is not exactly a media key (so no `..`, no absolute path, no query can reach a backend). */
export function checkKey(key: string): string {
  if (!parseMediaKey(key) && !ML_FILE_KEY.test(key)) throw new Error(`not a media key: ${JSON.stringify(key.slice(0, 80))}`);
  return key;
}

const typeOf = (key: string) => MEDIA_CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
const etagOf = (bytes: Buffer) => `"${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;

export function localStorage(root: string): MediaStorage {
  const file = (key: string) => path.join(root, ...checkKey(key).split('/'));
  return {
    kind: 'local',
    async put(key, bytes) {
      const target = file(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Write then rename: a reader never sees half a file, and two uploads of the same key end with one whole file.
      const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      try {
        await fs.writeFile(tmp, bytes, { mode: 0o644 });
        await fs.rename(tmp, target);
      } catch (err) {
        // A full disk stops writeFile part-way: no partial temporary file is left behind.
        await fs.rm(tmp, { force: true }).catch(() => {});
        throw err;
      }
    },
    async get(key) {
      try {
        const bytes = await fs.readFile(file(key));
        return { bytes, contentType: typeOf(key), etag: etagOf(bytes) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await fs.rm(file(key), { force: true });
    },
    async exists(key) {
      try {
        return (await fs.stat(file(key))).isFile();
      } catch {
        return false;
      }
    },
  };
}

export interface S3Config {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function s3Storage(config: S3Config, fetchImpl: typeof fetch = fetch): MediaStorage {
  const client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, region: config.region, service: 's3' });
  // Path-style (endpoint/bucket/key) works with every S3-compatible server; keys are [0-9a-z/.] only, nothing to encode.
  const url = (key: string) => `${config.endpoint.replace(/\/$/, '')}/${encodeURIComponent(config.bucket)}/${checkKey(key)}`;
  const send = async (key: string, init: RequestInit) => {
    const signed = await client.sign(url(key), init);
    return fetchImpl(signed);
  };
  const fail = async (what: string, key: string, res: Response) => {
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1];
    return new Error(`S3 ${what} ${key}: HTTP ${res.status}${code ? ` ${code}` : ''}`);
  };
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      const res = await send(key, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': contentType, 'cache-control': 'public, max-age=31536000, immutable' } });
      if (!res.ok) throw await fail('PUT', key, res);
      await res.arrayBuffer();
    },
    async get(key) {
      const res = await send(key, { method: 'GET' });
      if (res.status === 404) {
        // Only a missing key is "no such file"; a missing bucket is a misconfiguration to report.
        const text = await res.text();
        if (!/<Code>NoSuchKey<\/Code>/.test(text) && /<Code>/.test(text)) throw new Error(`S3 GET ${key}: HTTP 404 ${/<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1]}`);
        return null;
      }
      if (!res.ok) throw await fail('GET', key, res);
      const bytes = Buffer.from(await res.arrayBuffer());
      return { bytes, contentType: typeOf(key), etag: res.headers.get('etag') ?? etagOf(bytes) };
    },
    async delete(key) {
      const res = await send(key, { method: 'DELETE' });
      await res.arrayBuffer();
      if (!res.ok && res.status !== 404) throw new Error(`S3 DELETE ${key}: HTTP ${res.status}`);
    },
    async exists(key) {
      const res = await send(key, { method: 'HEAD' });
      await res.arrayBuffer();
      if (res.status === 404) return false;
      if (!res.ok) throw new Error(`S3 HEAD ${key}: HTTP ${res.status}`);
      return true;
    },
  };
}

let configured: MediaStorage | undefined;

/** The storage the settings pick (MEDIA_STORAGE, MEDIA_ROOT, S3_*), made once per process. */
export function mediaStorage(): MediaStorage {
  if (!configured) {
    const m = settings().media;
    configured = m.storage === 's3' && m.s3 ? s3Storage(m.s3) : localStorage(m.root);
  }
  return configured;
}
