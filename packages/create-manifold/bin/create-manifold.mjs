#!/usr/bin/env node
// `npm create manifold@latest <dir> [options]`: npm runs this bin, which hands everything to the framework's own
// `manifold startproject` (the one place a site's layout is defined), from the manifold package installed with it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
  console.log('Usage: npm create manifold@latest <dir> [-- --title "My Notes" --ml]');
  console.log('Creates a new Manifold site in <dir>; then: cd <dir> && npm install && npm start');
  process.exit(args.length === 0 ? 2 : 0);
}

const pkgJson = createRequire(import.meta.url).resolve('manifold/package.json');
/** @type {{ bin: Record<string, string> }} */
const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
const bin = path.join(path.dirname(pkgJson), pkg.bin.manifold);
// The site's own cwd is where it is created; manage prints one line and exits non-zero on bad input.
const r = spawnSync(process.execPath, [bin, 'startproject', ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
