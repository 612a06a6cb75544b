// The framework's own tests (lib/, contrib/*/tests/, testing/). They run against a project, as Django's own suite runs
// against its test settings: MANIFOLD_ROOT, else the workspace's site (this repository's root, the Korean ML blog).
import path from 'node:path';
import { defineProject } from 'vitest/config';
import { manifoldTestProject } from './testing/vitest.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const siteRoot = process.env.MANIFOLD_ROOT || path.resolve(here, '..', '..');

export default defineProject(
  manifoldTestProject({ name: 'manifold', root: here, siteRoot, include: ['lib/**/*.test.ts', 'contrib/**/tests/**/*.test.ts', 'testing/**/*.test.ts', 'tests/**/*.test.ts'] }),
);
