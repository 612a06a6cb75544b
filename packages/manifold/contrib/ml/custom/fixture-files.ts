// The model library's files in fixtures (lib/manage/fixture-files.ts): a version row names its model.json and weight
// shards in the media storage (ml/<slug>/v<n>/…); dumpdata carries them, loaddata puts them back.
import type { FixtureFiles } from '../../../lib/app';
import { ML_FILE_KEY, mediaStorage } from '../../media/storage';

const fileKeys = (text: unknown): string[] => {
  try {
    const list = JSON.parse(typeof text === 'string' ? text : '[]') as unknown;
    return Array.isArray(list) ? list.map((v) => (v && typeof v === 'object' ? (v as { key?: unknown }).key : null)).filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
};

const files: FixtureFiles = {
  keys: { 'ml.mlmodelversion': (f) => fileKeys(f.files) },
  owns: (key) => ML_FILE_KEY.test(key),
  storage: () => mediaStorage(),
};

export default files;
