// The islands build names every file by its content (so the server may let browsers keep them a year) and says which
// entry and stylesheet pages should name; islands.js and islands.css forward to them. Built from the current sources
// into a temporary folder. The stylesheet helpers for pages that write CSS in (manifold/document, the post head).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absoluteUrls, inlineCss } from '../../css-urls';
import { buildIslands } from '../build';
import { islandAssetsModule } from '../paths';

let outdir: string;
let built: Awaited<ReturnType<typeof buildIslands>>;
beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'islands-names-'));
  built = await buildIslands(process.cwd(), outdir);
}, 120_000);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));

describe('islands build', () => {
  it('names every file it writes by a hash of its content, but the two forwarders', () => {
    const all = files(outdir);
    expect(all.filter((f) => !/-[A-Z0-9]{8}\.[a-z0-9]+$/.test(f)).sort()).toEqual(['islands.css', 'islands.js']);
    expect(built.assets.script).toMatch(/^\/_islands\/islands-[A-Z0-9]{8}\.js$/);
    expect(built.assets.css).toMatch(/^\/_islands\/islands-[A-Z0-9]{8}\.css$/);
    expect(fs.readFileSync(path.join(outdir, 'islands.js'), 'utf8')).toBe(`import './${path.basename(built.assets.script)}';\n`);
    expect(fs.readFileSync(path.join(outdir, 'islands.css'), 'utf8')).toBe(`@import url(${path.basename(built.assets.css)});\n`);
  });

  it('gives the stylesheet text for pages to write in, and a module naming all three', () => {
    const css = fs.readFileSync(path.join(outdir, path.basename(built.assets.css)), 'utf8');
    expect(css.length).toBeGreaterThan(1000);
    expect(built.assets.cssText).toBe(inlineCss(absoluteUrls(css, built.assets.css)));
    const text = islandAssetsModule(built.assets);
    expect(text).toContain(JSON.stringify(built.assets));
    // Before any build the module names the forwarders, and the stylesheet is linked.
    expect(islandAssetsModule()).toContain('{"script":"/_islands/islands.js","css":"/_islands/islands.css","cssText":null}');
  });

  it('builds the same names from the same sources', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'islands-names-'));
    try {
      expect((await buildIslands(process.cwd(), again)).assets).toEqual(built.assets);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('stylesheets written into a page', () => {
  it('resolves relative url()s against the file, leaves absolute, data: and fragment ones', () => {
    const css = `a{src:url(../media/K.woff2) format("woff2"),url("../media/x.ttf?v=1#f")}b{background:url(data:image/png;base64,AA)}c{x:url(/abs.png)}d{x:url( 'k.svg' )}e{x:url(#g)}f{x:url(https://cdn.example/y.png)}`;
    expect(absoluteUrls(css, '/_next/static/chunks/3q.css')).toBe(
      `a{src:url(/_next/static/media/K.woff2) format("woff2"),url("/_next/static/media/x.ttf?v=1#f")}b{background:url(data:image/png;base64,AA)}c{x:url(/abs.png)}d{x:url('/_next/static/chunks/k.svg')}e{x:url(#g)}f{x:url(https://cdn.example/y.png)}`,
    );
  });

  it('cannot end its <style> element', () => {
    expect(inlineCss('a::after{content:"</style><script>alert(1)</script>"}b{}</STYLE >')).toBe('a::after{content:"<\\/style><script>alert(1)</script>"}b{}<\\/STYLE >');
  });
});
