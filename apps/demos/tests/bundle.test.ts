// Each demo's code in the islands bundle, built from the current sources (into a temporary folder): a post with one
// demo fetches that demo's embed and interactive part and nothing of the other demos, within 30 KB gzip beyond the
// shared runtime (React, react-dom, the islands loader). `npm run bundle-report` prints the same figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUDGET_BYTES, demoBundles, type BundleReport } from 'manifold/ml/bundle';
import { DEMOS } from '../demos/index.mjs';

let report: BundleReport;

beforeAll(async () => {
  report = await demoBundles(process.cwd());
}, 120_000);

describe('the islands bundle, per demo', () => {
  it('has every demo of the list', () => {
    expect(report.demos.map((d) => d.name).sort()).toEqual(DEMOS.map((d) => d.name).sort());
  });

  it.each(DEMOS.map((d) => d.name))('%s stays within its budget beyond the shared runtime', (name) => {
    const demo = report.demos.find((d) => d.name === name)!;
    expect(demo.gzip, `${name}: ${demo.files.join(', ')}`).toBeLessThanOrEqual(DEMO_BUDGET_BYTES);
    expect(demo.ownGzip).toBeGreaterThan(0);
    expect(demo.ownGzip).toBeLessThanOrEqual(demo.gzip);
  });

  it.each(DEMOS.map((d) => d.name))("%s brings its own embed and interactive part and no module of another demo", (name) => {
    const demo = report.demos.find((d) => d.name === name)!;
    expect(demo.foreign).toEqual([]);
    // Its embed (the figure) and its interactive part are chunks of their own, fetched on a post that uses it…
    const entries = demo.files.map((f) => report.metafile.outputs[Object.keys(report.metafile.outputs).find((k) => k.endsWith(`/${f}`))!]?.entryPoint);
    const dir = `demos/${name}/`;
    expect(entries.filter((e) => e?.includes(`${dir}embed.client.`))).toHaveLength(1);
    expect(entries.filter((e) => e?.includes(`${dir}demo.client.`))).toHaveLength(1);
    // …and no other demo's, nor any contract (zod).
    expect(entries.filter((e) => e && /(embed|demo)\.client\./.test(e) && !e.includes(dir))).toEqual([]);
    expect(entries.filter((e) => e?.includes('/contract.'))).toEqual([]);
  });

  it('is not the whole of the demos: the shared runtime is fetched once, each demo adds less than all of them', () => {
    const all = new Set(report.demos.flatMap((d) => d.files));
    for (const d of report.demos) expect(d.files.length).toBeLessThan(all.size);
    expect(report.sharedGzip).toBeGreaterThan(0);
  });
});
