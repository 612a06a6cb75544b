// What a post with one demo fetches of the islands bundle beyond the shared runtime (React, react-dom, the islands
// loader): the demos app's embeds module, the demo's embed (its static figure and preview) and its interactive part,
// with what they import. Built into a temporary folder from the current sources; `manage bundlereport` prints it and
// the demos' bundle test holds each demo to its budget.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { buildIslands } from '../../lib/islands/build';
import { closure, gzipBytes, islandsEntryOutput, outputOf, sharedRuntime } from '../../lib/islands/report';

/** The budget of one demo's code beyond the shared runtime, gzip bytes (issue 14: "within 30 KB gzip"). */
export const DEMO_BUDGET_BYTES = 30 * 1024;

export interface DemoBundle {
  /** the demo's folder name (its URL name) */
  name: string;
  /** the output files (as served under /_islands/) a post with this demo fetches beyond the shared runtime */
  files: string[];
  /** their gzip bytes, summed */
  gzip: number;
  /** the part of it no other demo fetches */
  ownGzip: number;
  /** source modules in those files from another demo's folder (but its demo.mjs) or content/models/<name>/: none */
  foreign: string[];
}

export interface BundleReport {
  /** the shared runtime's files (islands.js and its static imports), as served under /_islands/ */
  shared: string[];
  /** their gzip bytes */
  sharedGzip: number;
  /** SHA-256 of the islands.js built, to tell whether a served build is of the same sources */
  mainSha256: string;
  demos: DemoBundle[];
  metafile: Metafile;
}

/**
 * Builds the islands into a temporary folder and measures each demo: a folder `<name>/` with a demo.mjs beside an
 * installed demo list, whose embed module is its `embed.client.*` (the layout "Adding a demo" in the README describes).
 */
export async function demoBundles(root: string): Promise<BundleReport> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-islands-'));
  try {
    const { metafile } = await buildIslands(root, outdir);
    const shared = sharedRuntime(metafile);
    // The demos are the folders beside each installed demo list (the list is read by plain Node and by bundlers, never
    // loaded here, so Playwright specs can call this too).
    const registry = JSON.parse(fs.readFileSync(path.join(root, '.manifold', 'registry.json'), 'utf8')) as { provides?: Record<string, string[]> };
    const folders = (registry.provides?.['ml.demos'] ?? []).flatMap((list) => {
      const base = path.posix.dirname(list);
      return fs
        .readdirSync(path.join(root, base), { withFileTypes: true })
        .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, base, e.name, 'demo.mjs')))
        .map((e) => ({ name: e.name, dir: `${base}/${e.name}` }));
    });
    const gz = new Map<string, number>();
    const size = (f: string) => gz.get(f) ?? gz.set(f, gzipBytes(root, f)).get(f)!;
    const served = (f: string) => path.relative(outdir, path.resolve(root, f)).split(path.sep).join('/');
    const loaded = folders.map((d) => {
      const dir = d.dir;
      const entry = Object.values(metafile.outputs).find((o) => o.entryPoint && o.entryPoint.startsWith(`${dir}/embed.client.`))?.entryPoint;
      const embedChunk = entry && outputOf(metafile, entry);
      if (!embedChunk) throw new Error(`The islands build has no chunk for ${dir}/embed.client`);
      // The module that imports the embed: the app's embeds module, which islands.js loads for any of its embeds.
      const appModules = Object.keys(metafile.outputs).filter((f) => metafile.outputs[f].imports.some((i) => i.kind === 'dynamic-import' && i.path === embedChunk));
      const files = [...closure(metafile, [...appModules, embedChunk], new Set([embedChunk]))].filter((f) => !shared.has(f));
      return { d, files };
    });
    const demos = loaded.map(({ d, files }) => {
      const others = new Set(loaded.filter((l) => l.d !== d).flatMap((l) => l.files));
      const otherDirs = loaded.filter((l) => l.d !== d).flatMap((l) => [`${l.d.dir}/`, `content/models/${l.d.name}/`]);
      // Every demo's demo.mjs (its name and two loaders) is in the list the app's embeds module reads, by design.
      const foreign = files.flatMap((f) =>
        Object.keys(metafile.outputs[f].inputs).filter((input) => otherDirs.some((o) => input.startsWith(o)) && !/\/demo\.m?[jt]s$/.test(input)),
      );
      return {
        name: d.name,
        files: files.map(served),
        gzip: files.reduce((n, f) => n + size(f), 0),
        ownGzip: files.filter((f) => !others.has(f)).reduce((n, f) => n + size(f), 0),
        foreign,
      };
    });
    const main = islandsEntryOutput(metafile)!;
    const mainSha256 = crypto.createHash('sha256').update(fs.readFileSync(path.resolve(root, main))).digest('hex');
    return { mainSha256, shared: [...shared].map(served), sharedGzip: [...shared].reduce((n, f) => n + size(f), 0), demos, metafile };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
