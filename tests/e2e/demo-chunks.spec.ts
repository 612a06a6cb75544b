// Load only what a post uses, in a real browser against the production server: each post with one demo fetches,
// beyond the shared runtime (islands.js and its static imports), exactly the chunks the bundle report lists for that
// demo (manifold/ml/bundle builds the same sources, so the chunk names are the served ones), and every demo in the
// list is seen on some post. The figures themselves are held to their budget by apps/demos/tests/bundle.test.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoBundles, type BundleReport } from 'manifold/ml/bundle';

/** The sample posts that use an embed of the demos app (a capitalized MDX tag), by slug, from their sources. */
function postsWithEmbeds(): string[] {
  const dir = path.join(process.cwd(), 'content', 'posts');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .filter((src) => /^<[A-Z][A-Za-z0-9]*[\s/>]/m.test(src))
    .map((src) => /^slug:\s*(\S+)/m.exec(src)![1]);
}

let report: BundleReport;
test.beforeAll(async () => {
  report = await demoBundles(process.cwd());
  // The chunk names are content hashes: they match the served ones only if the server's build is of these sources.
  // islands.js forwards to the entry the build named by its hash (islands-<hash>.js).
  const entry = /from '\.\/(islands-[A-Z0-9]+\.js)'|import '\.\/(islands-[A-Z0-9]+\.js)'/.exec(fs.readFileSync(path.join(process.cwd(), 'public', '_islands', 'islands.js'), 'utf8'));
  const served = crypto.createHash('sha256').update(fs.readFileSync(path.join(process.cwd(), 'public', '_islands', entry?.[1] ?? entry?.[2] ?? 'islands.js'))).digest('hex');
  expect(served, 'public/_islands was built from other sources than the current ones (a file changed after the e2e server built)').toBe(report.mainSha256);
});

test('each post with a demo fetches that demo’s chunks and no other demo’s', async ({ page }) => {
  test.setTimeout(180_000);
  const slugs = postsWithEmbeds();
  const seen = new Set<string>();
  for (const slug of slugs) {
    const scripts: string[] = [];
    const onRequest = (r: import('@playwright/test').Request) => {
      if (r.resourceType() === 'script' && r.url().includes('/_islands/')) scripts.push(new URL(r.url()).pathname.replace(/^\/_islands\//, ''));
    };
    page.on('request', onRequest);
    await page.goto(`/posts/${slug}`);
    const embeds = page.locator('[data-embed]');
    expect(await embeds.count(), slug).toBe(1);
    await embeds.first().scrollIntoViewIfNeeded();
    await expect(page.locator('.ml-embed'), slug).toHaveAttribute('data-ml-state', 'live');
    await page.waitForLoadState('networkidle');
    page.off('request', onRequest);
    // The hashed entry, straight from the page (not through the islands.js forwarder).
    expect(scripts.filter((s) => /^islands-[A-Z0-9]+\.js$/.test(s)), slug).toHaveLength(1);
    expect(scripts, slug).not.toContain('islands.js');
    const beyond = [...new Set(scripts.filter((s) => !report.shared.includes(s)))].sort();
    const demo = report.demos.find((d) => [...d.files].sort().join() === beyond.join());
    expect(demo?.name, `${slug} fetched ${beyond.join(', ')}; the report lists ${report.demos.map((d) => `${d.name}: ${d.files.join(', ')}`).join('; ')}`).toBeDefined();
    seen.add(demo!.name);
  }
  expect([...seen].sort()).toEqual(report.demos.map((d) => d.name).sort());
});
