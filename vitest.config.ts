// `npm test`'s unit and integration run: two projects, the framework's own tests (packages/manifold/vitest.config.ts)
// and this site's (its apps' tests and tests/integration/), each with the framework's test settings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { longestFirstSequencer, manifoldTestProject, uninstalledAppTests } from 'manifold/testing/vitest';

const root = path.resolve('.');

export default defineConfig({
  test: {
    // Vitest's default (cores − 1) runs one file at a time on a 2-core machine, while most files spend their time
    // waiting on servers, databases and child processes they start: at least two files at a time. Files do not share
    // ports, databases or folders (each makes its own), so any two may run side by side.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // The minutes-long files (a Next build, an npm install) start first, whichever project they are in, so no worker
    // is left with one at the end while the others idle; tests/durations.json says how long each took
    // (`npm run test:durations` refreshes it after a run).
    sequence: { sequencer: longestFirstSequencer(path.join(root, 'tests', 'durations.json')) },
    projects: [
      // The framework's tests, where the workspace has the framework (a copy of the site made by a test may not).
      ...(fs.existsSync('packages/manifold/vitest.config.ts') ? ['packages/manifold/vitest.config.ts'] : []),
      manifoldTestProject({ name: 'site', root, siteRoot: root, include: ['apps/**/tests/**/*.test.ts', 'tests/integration/**/*.test.ts'], exclude: ['packages/**', ...uninstalledAppTests(root)] }),
    ],
  },
});
