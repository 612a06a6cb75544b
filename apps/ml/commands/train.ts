// `manage train <model>|all`: trains a demo model from data generated in the project, with a fixed seed, and writes
// content/models/<name>/: model.json + weights.bin (models with weights), meta.json (version, schemas, metrics,
// date) and preview.json (the embed's static first state, so a page never loads a model).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { CommandError, type Command, type CommandContext } from '../../../lib/app';
import { initTf, saveModel, tf } from '../models/common.mjs';
import { loadDefinitions } from '../demos/models.mjs';
import { inputJsonSchema, MODEL_NAMES, MODELS } from '../schemas';

export const DEFAULT_SEED = 2020;

function parseArgs(args: string[]) {
  const opts = { names: [] as string[], seed: DEFAULT_SEED, out: path.join(process.cwd(), 'content', 'models'), backend: process.env.MANIFOLD_TF_BACKEND ?? 'wasm' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new CommandError(`${a} needs a value`, 2);
      return v;
    };
    if (a === '--seed') {
      opts.seed = Number(value());
      if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new CommandError('--seed must be a whole number ≥ 0', 2);
    } else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--backend') opts.backend = value();
    else if (a.startsWith('-')) throw new CommandError(`Unknown option ${a}. Usage: manage train <model>|all [--seed N] [--out DIR] [--backend wasm|cpu]`, 2);
    else opts.names.push(a);
  }
  if (opts.names.length === 0) throw new CommandError(`Say which model to train: ${MODEL_NAMES.join(', ')}, or all.`, 2);
  if (opts.names.includes('all')) opts.names = [...MODEL_NAMES];
  for (const name of opts.names) if (!MODEL_NAMES.includes(name)) throw new CommandError(`No model named "${name}". The models are: ${MODEL_NAMES.join(', ')}.`, 2);
  return opts;
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

export const train: Command = {
  description: 'Train a demo model (or all) with a fixed seed and write its weights, metadata and preview to content/models/.',
  usage: '<model>|all [--seed N] [--out DIR] [--backend wasm|cpu]',
  async run(args, ctx) {
    const opts = parseArgs(args);
    const backend = await initTf(opts.backend);
    ctx.out(`Training ${opts.names.join(', ')} (seed ${opts.seed}, tfjs ${tf.version.tfjs}, ${backend} backend)`);
    let totalBytes = 0;
    const definitions = await loadDefinitions(opts.names);
    for (const name of opts.names) {
      const def = definitions[name];
      const dir = path.join(opts.out, name);
      const bar = progress(ctx, name);
      const started = performance.now();
      const result = await def.train({ seed: opts.seed, onProgress: (done, total, info) => bar.update(done, total, info) });
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      fs.mkdirSync(dir, { recursive: true });
      let weights: { bytes: number; sha256: string; parameters: number } | null = null;
      if (result.params) {
        const bytes = await saveModel(dir, { name, version: def.version, config: result.config, extra: result.extra }, result.params);
        const parameters = Object.values(result.params).reduce((n, t) => n + t.size, 0);
        weights = { bytes, parameters, sha256: crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, 'weights.bin'))).digest('hex') };
        totalBytes += bytes;
        tf.dispose(Object.values(result.params));
      } else {
        fs.rmSync(path.join(dir, 'model.json'), { force: true });
        fs.rmSync(path.join(dir, 'weights.bin'), { force: true });
      }
      const meta = {
        name,
        title: MODELS[name].title,
        version: def.version,
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
      fs.writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
      fs.writeFileSync(path.join(dir, 'preview.json'), `${JSON.stringify(result.preview)}\n`);
      const metrics = Object.entries(result.metrics)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      ctx.out(`✓ ${name} ${def.version} in ${seconds.toFixed(1)} s${weights ? `, ${weights.parameters} parameters (${(weights.bytes / 1024).toFixed(1)} KB)` : ' (no weights)'} → ${rel(dir)}`);
      ctx.out(`  ${metrics}`);
    }
    if (totalBytes) ctx.out(`Weights written: ${(totalBytes / 1024).toFixed(1)} KB.`);
    return 0;
  },
};
