// `manage bundlereport`: each demo's code beyond the shared runtime, gzip, against its budget (issue 14: a post with
// one demo loads that demo's code only, within 30 KB gzip beyond React and the islands loader). contrib/ml/bundle.ts measures.
import { defineCommand, CommandError } from '../../../lib/app';
import { projectRootSetting } from '../../../lib/settings';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export const bundlereport = defineCommand({
  description: "Build the embed islands into a temporary folder and report, per demo, the gzip size of what a post with that demo fetches beyond the shared runtime.",
  options: {
    json: { type: 'boolean', default: false, help: 'Print the figures as JSON.' },
  },
  async run(options, ctx) {
    // Loaded here, not with the command list: esbuild and the registry generator are for this command only.
    const { DEMO_BUDGET_BYTES, demoBundles } = await import('../bundle');
    const report = await demoBundles(projectRootSetting());
    if (options.json) {
      ctx.out(JSON.stringify({ budget: DEMO_BUDGET_BYTES, sharedGzip: report.sharedGzip, demos: report.demos.map(({ name, gzip, ownGzip, files }) => ({ name, gzip, ownGzip, files })) }, null, 2));
    } else {
      ctx.out(`Shared runtime (islands.js: React, react-dom, the islands loader): ${kb(report.sharedGzip)} gzip, fetched once per page.`);
      ctx.out(`Per demo, beyond it (budget ${kb(DEMO_BUDGET_BYTES)}):`);
      ctx.out(`  ${'demo'.padEnd(18)}${'fetched'.padStart(10)}${'own'.padStart(10)}  files`);
      for (const d of report.demos) ctx.out(`  ${`${d.name}`.padEnd(18)}${kb(d.gzip).padStart(10)}${kb(d.ownGzip).padStart(10)}  ${d.files.length}${d.gzip > DEMO_BUDGET_BYTES ? '  OVER BUDGET' : ''}`);
      ctx.out('"fetched": everything a post with only this demo loads beyond the shared runtime; "own": the part no other demo loads.');
    }
    const over = report.demos.filter((d) => d.gzip > DEMO_BUDGET_BYTES || d.foreign.length);
    if (over.length) throw new CommandError(`Over budget or loading other demos' code: ${over.map((d) => `${d.name} (${kb(d.gzip)}${d.foreign.length ? `, ${d.foreign.length} modules of other demos` : ''})`).join(', ')}.`);
    return 0;
  },
});
