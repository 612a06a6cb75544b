// A hostile post source against the production server: one that makes the MDX compiler spin (unclosed link openers
// `[a](` are superlinear for micromark: 95,000 of them, 380,000 characters, take about 30 s to compile on this
// machine, 3× the default limit; measured 40,000 → 6.7 s, 90,000 → 30.8 s) is stopped at the compile time limit
// (MANIFOLD_COMPILE_TIMEOUT_MS, 10 s by default) and answered as a 'limit' problem, and while it runs the server keeps
// answering: other previews, a reader page, the health check. Prints how long each took.
import { expect, test } from '@playwright/test';
import { seedUsers, signIn } from './admin-support';

test('a source that makes the compiler spin is refused at the limit while the server keeps answering', async ({ page }) => {
  test.setTimeout(120_000);
  seedUsers();
  await signIn(page, 'admin');
  await page.goto('/admin');
  const result = await page.evaluate(async () => {
    const spinning = '[a]('.repeat(95_000);
    const preview = (source: string) =>
      fetch('/admin/api/blog/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source }) });
    const events: string[] = [];
    const t0 = performance.now();
    const stuck = preview(spinning).then(async (r) => {
      events.push('hostile answered');
      return { status: r.status, body: await r.json(), ms: performance.now() - t0 };
    });
    // Give the hostile compile a moment to take a thread, then use the server as usual while it spins.
    await new Promise((r) => setTimeout(r, 300));
    const others: { what: string; status: number; ms: number }[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [what, run] of [
        ['preview', () => preview(`# 그동안 ${i}\n\n$x_${i}$\n`)],
        ['reader page', () => fetch('/')],
        ['health', () => fetch('/api/health')],
      ] as const) {
        const s = performance.now();
        const r = await run();
        await r.text();
        others.push({ what, status: r.status, ms: Math.round(performance.now() - s) });
        events.push(what);
      }
    }
    const hostile = await stuck;
    return { hostile, others, events };
  });
  console.log(`hostile preview answered after ${Math.round(result.hostile.ms)} ms: ${JSON.stringify(result.hostile.body.diagnostics)}`);
  console.log(`meanwhile: ${result.others.map((o) => `${o.what} ${o.status} in ${o.ms} ms`).join('; ')}`);
  expect(result.hostile.status).toBe(200);
  expect(result.hostile.body).toMatchObject({ ok: false, diagnostics: [{ kind: 'limit', line: 1 }] });
  expect(result.others.every((o) => o.status === 200)).toBe(true);
  // Everything else was answered before the hostile compile was given up.
  expect(result.events.at(-1)).toBe('hostile answered');
  expect(result.events.filter((e) => e !== 'hostile answered')).toHaveLength(9);

  // And after it: the pool replaced the stopped thread, previews work as before.
  const after = await page.evaluate(async () => {
    const r = await fetch('/admin/api/blog/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: '# 다시\n\n$y$\n' }) });
    return r.json();
  });
  expect(after).toMatchObject({ ok: true, diagnostics: [] });
  expect(after.html).toContain('class="katex"');
});
