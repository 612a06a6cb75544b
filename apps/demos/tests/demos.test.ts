// The demo list is the one place that names a demo: every folder is in it, every registry comes from it, and each
// folder has the parts its contract promises.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBED_PROPS, MODEL_NAMES, MODELS } from 'manifold/ml/contract';
import { defineDemo, demoList } from 'manifold/ml/demo';
import { DEMOS } from '../demos/index.mjs';
import { loadDefinitions } from '../demos/models.mjs';
import embedProps from '../embed-props';
import embeds from '../embeds';

const demosDir = path.join(import.meta.dirname, '..', 'demos');
const folders = fs
  .readdirSync(demosDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('the demo list', () => {
  it('lists every folder under demos/, each once, under its folder name', () => {
    expect(DEMOS.map((d) => d.name).sort()).toEqual(folders);
    expect(folders.length).toBeGreaterThanOrEqual(8);
  });

  it('is where the API table, the embeds and their props come from', () => {
    const withApi = DEMOS.filter((d) => fs.existsSync(path.join(demosDir, d.name, 'model.mjs'))).map((d) => d.name);
    expect(MODEL_NAMES).toEqual(withApi);
    expect(Object.keys(MODELS)).toEqual(withApi);
    expect(Object.keys(embeds).sort()).toEqual(DEMOS.map((d) => d.embed).sort());
    expect(Object.keys(embedProps).sort()).toEqual(Object.keys(embeds).sort());
    // The same schema objects the ml runtime's table holds (it reads this app's demos through "ml.demos").
    for (const [embed, schema] of Object.entries(embedProps)) expect(schema, embed).toBe(EMBED_PROPS[embed]);
    for (const [name, component] of Object.entries(embeds)) expect(typeof component, name).toBe('function');
  });

  it('gives every demo with an API a model, trained output and types; the others none', async () => {
    const definitions = await loadDefinitions();
    expect(Object.keys(definitions)).toEqual(MODEL_NAMES);
    for (const d of DEMOS) {
      const has = (file: string) => fs.existsSync(path.join(demosDir, d.name, file));
      if (MODEL_NAMES.includes(d.name)) {
        expect(['model.mjs', 'types.ts', 'preview.ts', 'figure.tsx'].filter((f) => !has(f)), d.name).toEqual([]);
        expect(fs.existsSync(path.join(process.cwd(), 'content', 'models', d.name, 'preview.json')), `${d.name} trained`).toBe(true);
        expect(typeof definitions[d.name].infer).toBe('function');
      } else {
        expect(has('model.mjs'), d.name).toBe(false);
      }
      expect(['demo.mjs', 'contract.mjs', 'embed.client.tsx', 'demo.client.tsx'].filter((f) => !has(f)), d.name).toEqual([]);
    }
  });

  it('keeps demo.mjs free of static imports besides the definition helper', () => {
    // The list is loaded by the browser bundle and by plain Node: a static import of the folder's contract, embed
    // or model from demo.mjs would put zod into the islands, React into the fast path or tfjs into both.
    for (const name of folders) {
      const source = fs.readFileSync(path.join(demosDir, name, 'demo.mjs'), 'utf8');
      const statics = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(statics, name).toEqual(['manifold/ml/demo']);
    }
  });

  it('refuses a badly named demo and two demos with one name or embed', () => {
    const loaders = { contract: async () => ({ props: EMBED_PROPS.Timestamp }), component: async () => ({ default: () => null }) };
    expect(() => defineDemo({ name: 'Da_Rnn', embed: 'DaRnn', ...loaders })).toThrow('lowercase letters, digits and dashes');
    expect(() => defineDemo({ name: 'da-rnn', embed: 'daRnn', ...loaders })).toThrow('PascalCase');
    const a = defineDemo({ name: 'a', embed: 'A', ...loaders });
    expect(() => demoList([a, defineDemo({ name: 'a', embed: 'B', ...loaders })])).toThrow('Two demos share the name "a".');
    expect(() => demoList([a, defineDemo({ name: 'b', embed: 'A', ...loaders })])).toThrow('Two demos share the embed "A".');
    expect(demoList([a]).map((d) => d.name)).toEqual(['a']);
  });
});
