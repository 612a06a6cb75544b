// The order Vitest starts test files in: longest first, across all projects. Vitest's own order sorts by project
// name first, so on a clean checkout (no results cache) a site's minutes-long integration files start only after
// every framework file has, and the run ends with one worker busy and the others idle. Starting the longest files
// first (longest-processing-time scheduling) keeps every worker busy to the end. How long a file takes comes from
// Vitest's results cache when this checkout has run it (a file that failed there still goes first, as by default),
// else from the committed durations file (`npm run test:durations` writes it from that cache), else it is unknown
// and goes by its size, as Vitest's own order does.
import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer } from 'vitest/node';

/**
 * The durations file: `{ "seconds": { "<path relative to the root config>": seconds } }`. Missing or unreadable
 * means no durations (the order falls back to Vitest's cache and the files' sizes); it never stops a run.
 * @param {string} file @returns {Map<string, number>}
 */
export function readDurations(file) {
  try {
    /** @type {{ seconds?: Record<string, unknown> }} */
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return new Map(Object.entries(parsed.seconds ?? {}).filter((e) => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0).map(([k, v]) => [k, /** @type {number} */ (v) * 1000]));
  } catch {
    return new Map();
  }
}

/**
 * The order itself, apart from Vitest so it can be tested: failed first, then the longest expected, then the largest.
 * @template T
 * @param {T[]} files
 * @param {(file: T) => { failed: boolean, ms: number | undefined, size: number }} facts
 * @returns {T[]}
 */
export function longestFirst(files, facts) {
  const known = files.map((file) => ({ file, ...facts(file) }));
  known.sort((a, b) => Number(b.failed) - Number(a.failed) || (b.ms ?? -1) - (a.ms ?? -1) || b.size - a.size);
  return known.map((k) => k.file);
}

/**
 * A Vitest sequencer (`test.sequence.sequencer`) starting the longest files first.
 * @param {string} durationsFile the committed durations (see readDurations)
 * @returns {typeof BaseSequencer}
 */
export function longestFirstSequencer(durationsFile) {
  const committed = readDurations(durationsFile);
  return class LongestFirstSequencer extends BaseSequencer {
    /** @param {import('vitest/node').TestSpecification[]} files */
    async sort(files) {
      const { cache, config } = this.ctx;
      return longestFirst(files, (spec) => {
        const relative = path.relative(config.root, spec.moduleId).split(path.sep).join('/');
        const cached = cache.getFileTestResults(`${spec.project.name}:${relative}`);
        return { failed: !!cached?.failed, ms: cached?.duration ?? committed.get(relative), size: cache.getFileStats(`${spec.project.name}:${relative}`)?.size ?? 0 };
      });
    }
  };
}
