// An upload's bytes → the files the library stores: the type read from the bytes (file-type), never the name; SVG
// and everything that is not a raster image refused; at most 50 megapixels; the original turned upright by its EXIF
// orientation and re-encoded with ALL metadata dropped (EXIF with its GPS position, XMP, IPTC, ICC → sRGB); WebP
// variants at the widths of lib/mdx/images.ts (never upscaled). Keys are content-addressed: the sha256 of the stored
// original, so the same picture uploaded twice is one file.
import crypto from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { HttpError } from '../../lib/http-guard.mjs';
import { mediaKey, mediaVariantSizes } from '../../lib/mdx/images';

/** The largest image accepted, in pixels (decoding more is a memory bomb, and no post needs it). */
export const MAX_PIXELS = 50_000_000;

/** What an upload may be, by the type its bytes show: the stored format and extension of each. */
const ACCEPTED: Readonly<Record<string, { ext: 'jpg' | 'png' | 'webp' | 'gif' | 'avif'; format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' }>> = {
  'image/jpeg': { ext: 'jpg', format: 'jpeg' },
  'image/png': { ext: 'png', format: 'png' },
  'image/webp': { ext: 'webp', format: 'webp' },
  'image/gif': { ext: 'gif', format: 'gif' },
  'image/avif': { ext: 'avif', format: 'avif' },
};

export interface StoredFile {
  key: string;
  bytes: Buffer;
  mime: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  sha256: string;
  original: StoredFile;
  variants: StoredFile[];
}

/** A refusal the uploader can act on, in Korean and English. */
const refuse = (status: number, ko: string, en: string) => new HttpError(status, `${ko} / ${en}`);

/** True when the bytes look like SVG (or any XML/HTML text), which can carry scripts: refused, not sanitised. */
function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!doctype') || head.startsWith('<!--')) && head.includes('<svg'));
}

/** The accepted type of the bytes, or a 4xx saying why not. */
export async function detectImageType(bytes: Buffer): Promise<{ mime: string; ext: string; format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' }> {
  if (bytes.length === 0) throw refuse(400, '빈 파일입니다', 'The file is empty');
  if (looksLikeSvg(bytes)) throw refuse(415, 'SVG는 받지 않습니다(스크립트를 담을 수 있습니다). PNG나 WebP로 바꿔 올려 주세요', 'SVG is refused (it can carry scripts); upload a PNG or WebP instead');
  const type = await fileTypeFromBuffer(bytes);
  const accepted = type ? ACCEPTED[type.mime] : undefined;
  if (!type || !accepted) {
    const what = type ? ` (${type.mime})` : '';
    throw refuse(415, `이미지 파일이 아닙니다${what}. JPEG, PNG, WebP, GIF, AVIF만 올릴 수 있습니다`, `Not an image${what}: upload JPEG, PNG, WebP, GIF or AVIF (the type is read from the file's content, not its name)`);
  }
  return { mime: type.mime, ...accepted };
}

/**
 * Checks and converts one upload. `now` dates the key's folder (year/month). Throws HttpError 4xx for anything a
 * person can fix (not an image, too many pixels, a broken file).
 */
export async function processImage(bytes: Buffer, now = new Date()): Promise<ProcessedImage> {
  const type = await detectImageType(bytes);
  const animated = type.format === 'gif' || type.format === 'webp';
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refuse(422, '이미지를 읽을 수 없습니다(손상된 파일)', 'The image cannot be read (the file is damaged)');
  }
  const frameHeight = meta.pageHeight ?? meta.height ?? 0;
  if (!meta.width || !frameHeight) throw refuse(422, '이미지 크기를 알 수 없습니다', 'The image has no size');
  if (meta.width * frameHeight > MAX_PIXELS) {
    throw refuse(413, `이미지가 너무 큽니다(${meta.width}×${frameHeight}). 5천만 화소 이하로 줄여 올려 주세요`, `The image is too large (${meta.width}×${frameHeight}); the limit is 50 megapixels`);
  }
  const multiPage = animated && (meta.pages ?? 1) > 1;
  const input = () => sharp(bytes, { limitInputPixels: MAX_PIXELS * Math.max(1, meta.pages ?? 1), animated: multiPage });
  // A still image is decoded once, turned upright by its EXIF orientation (rotate() with no angle), into raw pixels;
  // the original and every variant are encoded from those. Raw pixels carry no metadata at all, and sharp writes
  // none unless asked (withMetadata/keepExif), so EXIF (GPS), XMP, IPTC and ICC are all gone (pixels in sRGB).
  let decoded: { data: Buffer; info: OutputInfo } | null = null;
  const source = () =>
    decoded ? sharp(decoded.data, { raw: { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels } }) : sharp(original.data, { animated: multiPage });
  let original: { data: Buffer; info: OutputInfo };
  try {
    if (!multiPage) decoded = await input().rotate().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const pipeline = multiPage ? input().rotate() : source();
    const encoded =
      type.format === 'jpeg' ? pipeline.jpeg({ quality: 86 })
      : type.format === 'png' ? pipeline.png({ compressionLevel: 8 })
      : type.format === 'webp' ? pipeline.webp({ quality: 86 })
      : type.format === 'gif' ? pipeline.gif()
      : pipeline.avif({ quality: 60 });
    original = await encoded.toBuffer({ resolveWithObject: true });
  } catch {
    throw refuse(422, '이미지를 변환할 수 없습니다(손상되었거나 지원하지 않는 형식)', 'The image cannot be converted (damaged or an unsupported variant)');
  }
  const width = original.info.width;
  const height = original.info.pageHeight ?? original.info.height;
  const sha256 = crypto.createHash('sha256').update(original.data).digest('hex');
  const prefix = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const hash = sha256.slice(0, 16);
  const variants = await Promise.all(
    mediaVariantSizes(width, height).map(async (size) => {
      // Exact width and height (fit: fill): the URL scheme promises them, so a rounding in the resizer cannot differ.
      const data = await source().resize({ width: size.width, height: size.height, fit: 'fill' }).webp({ quality: 80 }).toBuffer();
      return { key: mediaKey(prefix, hash, size.width, size.height, 'webp'), bytes: data, mime: 'image/webp', ...size };
    }),
  );
  return {
    sha256,
    original: { key: mediaKey(prefix, hash, width, height, type.ext), bytes: original.data, mime: type.mime, width, height },
    variants,
  };
}
