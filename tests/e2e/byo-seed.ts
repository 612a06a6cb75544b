// Test-only helper for byo-model.spec.ts, byo-hostile.spec.ts and scripts/bench-models.mjs, run as a child process
// (tsx): writes the real tfjs test models the ml app's own tests make (trained by tfjs itself, saved with
// tf.io.withSaveHandler) to a folder, so the specs upload their bytes as an author would; and removes what a run made
// (model rows with a slug prefix, with their versions; posts with a title prefix). Files are cached by name: a model
// folder with its `files.json` is reused (training the CNN takes a few seconds).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { createDb } from 'manifold/db';
import { parseDatabaseUrl } from 'manifold/database-url';
import * as made from 'manifold/ml/custom/test-models';

type File = { name: string; bytes: Uint8Array };

const cmd = JSON.parse(process.argv[2] ?? '{}') as {
  /** Writes <dir>/<model>/<file> and <dir>/<model>/files.json (the names in upload order) for each model. */
  models?: { dir: string; only?: string[] };
  cleanup?: { slugPrefix?: string; titlePrefix?: string };
  /** A draft post (the caller publishes it through the editor's save endpoint, which compiles it with the embeds). */
  post?: { title: string; slug: string; source: string };
};
const out: Record<string, unknown> = {};

const BUILDERS: Record<string, () => Promise<File[]> | File[]> = {
  dense: () => made.denseClassifier(),
  digits: () => made.digitCnn(),
  text: () => made.textLstm(),
  custom: () => made.customLayerModel(),
  slow: () => made.slowModel(),
  // The same with 100 convolutions instead of 250 (≈120 GFLOPs): seconds per call, so it passes the upload check on a
  // busy machine and can be hammered while it runs (bench-models.mjs).
  'slow-lite': () => made.slowModel({ layers: 100 }),
  // The CNN's shard cut short: model.json promises more bytes than the weight file has.
  truncated: async () => made.truncate(await made.digitCnn()),
};

if (cmd.models) {
  const written: Record<string, string[]> = {};
  // The makers' source, hashed: files made by an older version of them are made again.
  const maker = crypto.createHash('sha256').update(fs.readFileSync(fileURLToPath(import.meta.resolve('manifold/ml/custom/test-models')))).digest('hex').slice(0, 16);
  for (const [name, build] of Object.entries(BUILDERS)) {
    if (cmd.models.only && !cmd.models.only.includes(name)) continue;
    const dir = path.join(cmd.models.dir, name);
    const list = path.join(dir, 'files.json');
    const stamp = path.join(dir, 'maker.txt');
    if (!fs.existsSync(list) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== maker || !fs.existsSync(path.join(cmd.models.dir, `${name}.store.zip`))) {
      const files = await build();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      for (const f of files) fs.writeFileSync(path.join(dir, path.basename(f.name)), f.bytes);
      // The zip an author might make by hand (deflated), and the one the library page sends (its picked files packed
      // store-only, as contrib/ml/custom/views does), both read by the same readArtifact.
      fs.writeFileSync(path.join(dir, '..', `${name}.zip`), made.zipOf(files).bytes);
      fs.writeFileSync(path.join(dir, '..', `${name}.store.zip`), zipSync(Object.fromEntries(files.map((f) => [path.basename(f.name), f.bytes])), { level: 0 }));
      // The text model's word index (the tokenizer's JSON), which the author gives with its signature.
      if (name === 'text') fs.writeFileSync(path.join(dir, 'word_index.json'), made.textVocabularyFile().bytes);
      fs.writeFileSync(list, JSON.stringify(files.map((f) => path.basename(f.name))));
      fs.writeFileSync(stamp, maker);
    }
    written[name] = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  }
  out.models = written;
}

if (cmd.cleanup || cmd.post) {
  const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL ?? ''));
  try {
    if (cmd.post) out.id = (await db.post.create({ data: { ...cmd.post, status: 'draft' } })).id;
    if (cmd.cleanup?.titlePrefix) out.posts = (await db.post.deleteMany({ where: { title: { startsWith: cmd.cleanup.titlePrefix } } })).count;
    if (cmd.cleanup?.slugPrefix) out.mlModels = (await db.mlModel.deleteMany({ where: { slug: { startsWith: cmd.cleanup.slugPrefix } } })).count;
  } finally {
    await db.$disconnect();
  }
}
console.log(JSON.stringify(out));
