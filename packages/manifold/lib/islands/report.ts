// What a page fetches of the islands bundle, read from esbuild's metafile (lib/islands/build.ts): the chunks one
// embed brings beyond the shared runtime, and their gzip sizes. The bundle report (`manage bundlereport`) and the
// demos' size test use it; they build into a temporary folder, so the figures are always of the current sources.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Metafile } from 'esbuild';

/** The main entry's output in a metafile: islands-<hash>.js (the entry named `islands`, lib/islands/build.ts). */
export function islandsEntryOutput(metafile: Metafile): string | undefined {
  return Object.keys(metafile.outputs).find((f) => /^islands-[A-Z0-9]+\.js$/.test(path.basename(f)) && metafile.outputs[f].entryPoint);
}

/** The output file esbuild wrote for an entry module (the main entry, or an import() target), by its source path. */
export function outputOf(metafile: Metafile, entryPoint: string): string | undefined {
  return Object.keys(metafile.outputs).find((f) => metafile.outputs[f].entryPoint === entryPoint);
}

/**
 * The files the browser fetches once `files` are loaded: their static imports, transitively; and, for the files in
 * `dynamicFrom` (and what they bring), their import()s too, which a lazy component calls as soon as it renders.
 */
export function closure(metafile: Metafile, files: readonly string[], dynamicFrom: ReadonlySet<string> = new Set()): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string, followDynamic: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    const output = metafile.outputs[file];
    if (!output) throw new Error(`${file} is not an output of this build`);
    const dynamic = followDynamic || dynamicFrom.has(file);
    for (const i of output.imports) {
      if (i.external) continue;
      if (i.kind === 'import-statement') visit(i.path, dynamic);
      else if (i.kind === 'dynamic-import' && dynamic) visit(i.path, dynamic);
    }
  };
  for (const f of files) visit(f, dynamicFrom.has(f));
  return seen;
}

/** Gzip bytes of an output file (zlib's default level, as a server's compression would send it). */
export function gzipBytes(root: string, file: string): number {
  return zlib.gzipSync(fs.readFileSync(path.resolve(root, file))).length;
}

/**
 * The main entry (islands-<hash>.js) and everything it imports statically: React, react-dom and the islands loader, which
 * every page with any embed fetches once.
 */
export function sharedRuntime(metafile: Metafile): Set<string> {
  const main = islandsEntryOutput(metafile);
  if (!main) throw new Error('The build has no islands-<hash>.js');
  return closure(metafile, [main]);
}
