// One Lighthouse 12 run (the four categories, mobile or desktop, Lighthouse's default simulated throttling) in a
// Chromium already started with a debugging port; shared by scripts/bench-lighthouse.mjs and tests/e2e/lighthouse.spec.ts.
import lighthouse, { desktopConfig } from 'lighthouse';

/** The pages measured: the home page, the post with the most display math (and a demo), another math post. */
export const LIGHTHOUSE_PAGES = ['/', '/posts/da-rnn-review', '/posts/gradient-descent-learning-rate'];
export const CATEGORIES = /** @type {const} */ (['performance', 'accessibility', 'best-practices', 'seo']);

/**
 * Scores of one page in one form factor, its metrics, and each weighed audit below 1 (what cost points, with the
 * selectors of the elements it names).
 * @param {string} url @param {'mobile' | 'desktop'} formFactor @param {number} chromePort
 */
export async function audit(url, formFactor, chromePort) {
  const flags = { port: chromePort, output: /** @type {'json'} */ ('json'), logLevel: /** @type {'error'} */ ('error'), onlyCategories: [...CATEGORIES] };
  const result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${url} (${formFactor}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  /** @type {Record<string, number>} */
  const scores = {};
  /** @type {{ category: string, id: string, score: number, value: string, selectors: string[] }[]} */
  const failed = [];
  for (const c of CATEGORIES) {
    const cat = lhr.categories[c];
    scores[c] = Math.round((cat.score ?? 0) * 100);
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        const items = /** @type {{ node?: { selector?: string } }[]} */ (/** @type {any} */ (a.details)?.items ?? []);
        failed.push({ category: c, id: ref.id, score: a.score, value: a.displayValue ?? '', selectors: items.map((i) => i.node?.selector ?? '').filter(Boolean) });
      }
    }
  }
  const metrics = Object.fromEntries(['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'].map((id) => [id, lhr.audits[id]?.displayValue ?? '']));
  return { url, formFactor, scores, metrics, failed, lhr };
}
