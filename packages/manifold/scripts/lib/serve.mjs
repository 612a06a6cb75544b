// Shared by `npm start`, the e2e server and the benchmark: prepare the database, build when sources changed, run `next start`.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../lib/server/settings.mjs';

/** The project (MANIFOLD_ROOT, else the working directory). */
export const root = projectRoot();
/** The framework package, wherever npm put it (real path). */
export const frameworkDir = fs.realpathSync(fileURLToPath(new URL('../..', import.meta.url)));
const manifoldBin = path.join(frameworkDir, 'bin', 'manifold.mjs');
/** The production server (Next plus the page cache and the apps' fast paths). */
export const serverScript = path.join(frameworkDir, 'server.mjs');

/**
 * Runs `manage <args>`; on failure prints its one-line error and exits with its code.
 * @param {string[]} args @param {NodeJS.ProcessEnv} [env]
 */
export function manage(args, env = process.env, { exitOnError = true } = {}) {
  const r = spawnSync(process.execPath, [manifoldBin, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 && exitOnError) process.exit(r.status ?? 1);
  return r.status ?? 1;
}

/**
 * Regenerates the app registry (.manifold/) from site.config.ts, so the build and the server see the installed apps.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function syncApps(env = process.env) {
  manage(['sync'], env);
}

/**
 * Migrates the database named by env.DATABASE_URL and loads content into it if it has no posts yet.
 * @param {NodeJS.ProcessEnv} [env] @param {string} [contentDir]
 */
export function prepareDatabase(env = process.env, contentDir) {
  syncApps(env);
  manage(['migrate'], env);
  manage(['loadcontent', '--if-empty', ...(contentDir ? [contentDir] : [])], env);
}

/**
 * The posts the test suite and the benchmark read: the sample blog in content/posts, or, in a site made by
 * `manage startproject` (whose content/ starts empty), the copy kept in tests/fixtures/sample-content.
 */
export function sampleContentDir() {
  const fixtures = path.join(root, 'tests', 'fixtures', 'sample-content', 'posts');
  return fs.existsSync(fixtures) ? fixtures : path.join(root, 'content', 'posts');
}

const BUILD_INPUTS = ['app', 'apps', 'pages', 'components', 'lib', 'prisma/generated', '.manifold', 'next.config.mjs', 'site.config.ts', 'tsconfig.json', 'package-lock.json', 'proxy.ts'];
/** The framework's own sources: a fix in it (an upgrade, or an edit in its workspace) means a rebuild too. */
const FRAMEWORK_INPUTS = ['lib', 'contrib', 'scripts', 'server.mjs', 'next.mjs', 'package.json'];

/** What the installed apps add to the build inputs (the ml app: its trained weights), from the generated registry. */
function appBuildInputs() {
  const file = path.join(root, '.manifold', 'registry.json');
  if (!fs.existsSync(file)) return [];
  /** @type {{ buildInputs?: string[] }} */
  const registry = JSON.parse(fs.readFileSync(file, 'utf8'));
  return registry.buildInputs ?? [];
}
const STAMP = path.join(root, '.next', 'manifold-build.json');

/** @param {string} p @param {string[]} out */
function walk(p, out) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    // .manifold/mdx-worker is the compile pool's bundle (lib/mdx/worker-build.ts), an output of the build, not an input;
    // so is .manifold/runtime-trace (scripts/lib/runtime-trace.mjs).
    if (/(^|\/)(tests|node_modules|\.next|mdx-worker|runtime-trace)$/.test(p)) return;
    for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), out);
  } else if (!/(^|\/)\.manifold\/islands-assets\.ts$/.test(p)) out.push(p);
  // (.manifold/islands-assets.ts is written by the build, from sources the digest already covers.)
}

/** A digest of everything `next build` reads, so a second `npm start` with no changes skips the build. */
export function sourceDigest() {
  /** @type {string[]} */
  const files = [];
  for (const input of [...BUILD_INPUTS, ...appBuildInputs()]) walk(path.join(root, input), files);
  for (const input of FRAMEWORK_INPUTS) walk(path.join(frameworkDir, input), files);
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(file.startsWith(root + path.sep) ? path.relative(root, file) : `manifold:${path.relative(frameworkDir, file)}`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

export function ensureBuild({ force = false } = {}) {
  const digest = sourceDigest();
  const stamp = fs.existsSync(STAMP) ? JSON.parse(fs.readFileSync(STAMP, 'utf8')) : null;
  if (!force && stamp?.digest === digest && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('Build is up to date (no source changed since the last build).');
    return false;
  }
  console.log('Building the site (embed islands, then next build)...');
  const r = spawnSync(process.execPath, [manifoldBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(STAMP, JSON.stringify({ digest, builtAt: new Date().toISOString() }));
  return true;
}

/**
 * Starts the production server (server.mjs: Next plus its page cache); signals are passed on so Ctrl-C stops it.
 * @param {number} port @param {NodeJS.ProcessEnv} [env] @param {{ stdio?: import('node:child_process').StdioOptions }} [options]
 * @returns {import('node:child_process').ChildProcess}
 */
export function startNext(port, env = process.env, { stdio = 'inherit' } = {}) {
  const child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), HOST: env.HOST ?? '0.0.0.0' },
    stdio,
  });
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
  return child;
}
