// `manage train <model>|all`: trains a demo model from data generated in the project, with a fixed seed, and writes
// a new version into content/models/<name>/: model.json + weights-<hash>.bin (models with weights; models/common.mjs
// saveModel says why the weights are named by their content), meta.json (version, schemas, metrics, date) and
// preview.json (the embed's static first state, so a page never loads a model). A running server picks the new
// version up without a restart (runtime/model-versions.mjs).
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { CommandError, defineCommand, type CommandContext } from '../../../lib/app';
import { initTf, saveModel, tf, writeFileAtomic } from '../models/common.mjs';
import { loadDefinitions, modelProviderFiles } from '../definitions.mjs';
import { projectRootSetting } from '../../../lib/settings';
import { inputJsonSchema, MODEL_NAMES, MODELS } from '../schemas';

export const DEFAULT_SEED = 2020;

/** The models argv names, checked against the list (`all` is every model). */
function modelNames(names: string[]): string[] {
  if (names.includes('all')) names = [...MODEL_NAMES];
  for (const name of names) if (!MODEL_NAMES.includes(name)) throw new CommandError(`No model named "${name}". The models are: ${MODEL_NAMES.join(', ')}.`, 2);
  return names;
}

/** A progress bar on a terminal; a line at every quarter otherwise (CI logs). */
function progress(ctx: CommandContext, name: string) {
  if (process.stderr.isTTY && ctx.interactive) {
    const bar = new cliProgress.SingleBar(
      { format: `${name.padEnd(16)} {bar} {percentage}% | {value}/{total} | {info} | {duration_formatted}`, hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done: number, total: number, info = '') {
        if (!started) {
          bar.start(total, 0, { info });
          started = true;
        }
        bar.update(done, { info });
      },
      stop: () => started && bar.stop(),
    };
  }
  let next = 0.25;
  return {
    update(done: number, total: number, info = '') {
      if (done / total >= next || done === total) {
        ctx.out(`  ${name}: ${done}/${total} ${info}`);
        while (next <= done / total) next += 0.25;
      }
    },
    stop() {},
  };
}

const rel = (p: string) => path.relative(process.cwd(), p) || '.';

export const train = defineCommand({
  description: 'Train a demo model (or all) with a fixed seed and write its weights, metadata and preview to content/models/.',
  arguments: [{ name: 'model', variadic: true, help: `The models to train: ${MODEL_NAMES.join(', ')}, or all.` }],
  options: {
    seed: { type: 'integer', min: 0, default: DEFAULT_SEED, help: 'The random seed; the same seed trains to the same weights.' },
    out: { type: 'string', metavar: 'DIR', default: path.join('content', 'models'), help: 'Where to write <model>/model.json, its weights, meta.json and preview.json.' },
    tiny: { type: 'boolean', help: "Train the model's tiny configuration (a second or so; for tests and trying the command, not the demo's weights)." },
    // No default here: initTf falls back to MANIFOLD_TF_BACKEND, then wasm.
    backend: { type: 'string', choices: ['wasm', 'cpu'], help: 'The tfjs backend (default: MANIFOLD_TF_BACKEND, else wasm; wasm is about 25x faster).' },
  },
  async run(options, ctx) {
    const opts = { names: modelNames(options.model), seed: options.seed, out: path.resolve(options.out), backend: options.backend, tiny: options.tiny === true };
    // Tiny weights answer badly; they must not replace the demos' own by accident.
    if (opts.tiny && opts.out === path.resolve('content', 'models'))
      throw new CommandError('--tiny trains weights for tests, not for the demos; give --out DIR (a folder other than content/models).', 2);
    const backend = await initTf(opts.backend);
    ctx.out(`Training ${opts.names.join(', ')}${opts.tiny ? ' (tiny configurations)' : ''} (seed ${opts.seed}, tfjs ${tf.version.tfjs}, ${backend} backend)`);
    let totalBytes = 0;
    const definitions = await loadDefinitions(opts.names, modelProviderFiles(projectRootSetting()));
    for (const name of opts.names) {
      const def = definitions[name];
      const dir = path.join(opts.out, name);
      const bar = progress(ctx, name);
      const started = performance.now();
      const result = await def.train({ seed: opts.seed, ...(opts.tiny ? { config: def.tiny } : {}), onProgress: (done, total, info) => bar.update(done, total, info) });
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      fs.mkdirSync(dir, { recursive: true });
      let weights: { file: string; bytes: number; sha256: string; parameters: number } | null = null;
      let version = def.version;
      if (result.params) {
        const saved = await saveModel(dir, { name, version: def.version, config: result.config, extra: result.extra }, result.params);
        const parameters = Object.values(result.params).reduce((n, t) => n + t.size, 0);
        weights = { file: saved.file, bytes: saved.bytes, parameters, sha256: saved.sha256 };
        version = saved.version;
        totalBytes += saved.bytes;
        tf.dispose(Object.values(result.params));
      } else {
        fs.rmSync(path.join(dir, 'model.json'), { force: true });
        for (const f of fs.readdirSync(dir)) if (/^weights(-[0-9a-f]+)?\.bin$/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
      }
      const meta = {
        name,
        title: MODELS[name].title,
        version,
        trainedAt: new Date().toISOString(),
        seed: opts.seed,
        backend,
        tfjs: tf.version.tfjs,
        trainingSeconds: Math.round(seconds * 10) / 10,
        config: result.config,
        metrics: result.metrics,
        weights,
        input: inputJsonSchema(name),
        output: MODELS[name].output,
      };
      writeFileAtomic(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
      writeFileAtomic(path.join(dir, 'preview.json'), `${JSON.stringify(result.preview)}\n`);
      const metrics = Object.entries(result.metrics)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      ctx.out(`✓ ${name} ${version} in ${seconds.toFixed(1)} s${weights ? `, ${weights.parameters} parameters (${(weights.bytes / 1024).toFixed(1)} KB)` : ' (no weights)'} → ${rel(dir)}`);
      ctx.out(`  ${metrics}`);
    }
    if (totalBytes) ctx.out(`Weights written: ${(totalBytes / 1024).toFixed(1)} KB.`);
    return 0;
  },
});
