// The media library's files in fixtures (lib/manage/fixture-files.ts): a Media row names its original and its
// resized variants in the media storage; dumpdata carries them, loaddata puts them back.
import type { FixtureFiles } from '../../lib/app';
import { parseMediaKey } from '../../lib/mdx/images';
import { mediaStorage } from './storage';

const variantKeys = (text: unknown): string[] => {
  try {
    const list = JSON.parse(typeof text === 'string' ? text : '[]') as unknown;
    return Array.isArray(list) ? list.map((v) => (v && typeof v === 'object' ? (v as { key?: unknown }).key : null)).filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
};

const files: FixtureFiles = {
  keys: { 'media.media': (f) => [...(typeof f.key === 'string' ? [f.key] : []), ...variantKeys(f.variants)] },
  owns: (key) => parseMediaKey(key) !== null,
  storage: () => mediaStorage(),
};

export default files;
