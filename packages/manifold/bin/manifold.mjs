#!/usr/bin/env node
// `manifold <command>` (`npm run manage -- <command>` in a site): Django's django-admin and manage.py in one. Run in the
// project folder. `start`, `dev`, `build` and `setup` are the project lifecycle (plain Node, scripts/); every other
// command is a manage command of the framework or of an installed app, run in this process with TypeScript loaded
// (tsx) and the project's modules reachable as `@site/…` (lib/node/hooks.mjs).
import { fileURLToPath } from 'node:url';

const [command, ...rest] = process.argv.slice(2);
const lifecycle = { start: '../scripts/start.mjs', dev: '../scripts/start.mjs', build: '../scripts/build.mjs', setup: '../scripts/setup.mjs' };

if (command && Object.hasOwn(lifecycle, command)) {
  if (command === 'dev') process.argv.push('--dev');
  await import(lifecycle[/** @type {keyof typeof lifecycle} */ (command)]);
} else {
  const { register } = await import('tsx/esm/api');
  const sourceMapsAsked = process.sourceMapsEnabled; // --enable-source-maps, on the command line or in NODE_OPTIONS
  register();
  // tsx turns on source maps, and Node then parses every loaded module's map (~15% of a command's start-up, which
  // every manage run and every test spawn pays). Stack traces point into tsx's output instead; set
  // MANIFOLD_SOURCE_MAPS=1 (or NODE_OPTIONS=--enable-source-maps) when debugging a command.
  if (!sourceMapsAsked && !process.env.MANIFOLD_SOURCE_MAPS) process.setSourceMapsEnabled(false);
  await import('../lib/node/register.mjs');
  const { runManage } = await import(fileURLToPath(new URL('../lib/manage/cli.ts', import.meta.url)));
  process.exitCode = await runManage([command, ...rest].filter((a) => a !== undefined));
}
