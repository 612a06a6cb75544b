// `manifold build` (a site's `npm run build`): the embed islands (esbuild, scripts/build-islands.ts), then `next build`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectRoot } from '../lib/server/settings.mjs';

const root = projectRoot();
const { register } = await import('tsx/esm/api');
register();
await import('../lib/node/register.mjs');
await import(fileURLToPath(new URL('./build-islands.ts', import.meta.url)));
// The MDX compile pool's worker bundle (lib/mdx/worker-build.ts), so the server's first preview or save need not build it.
const { buildMdxWorker } = await import(fileURLToPath(new URL('../lib/mdx/worker-build.ts', import.meta.url)));
console.log(`Built the MDX compile worker: ${path.relative(root, await buildMdxWorker(root))}`);
// What the files the routes load by path import (the ml worker's tfjs), for Next's traces (lib/runtime-trace.mjs).
const { writeRuntimeTrace, RUNTIME_TRACE_FILE } = await import('./lib/runtime-trace.mjs');
const registry = await import(pathToFileURL(path.join(root, '.manifold', 'registry.node.mjs')).href);
const traced = await writeRuntimeTrace(root, registry.outputFileTracingIncludes);
console.log(`Traced the files loaded by path: ${Object.entries(traced).map(([route, files]) => `${route} ${files.length}`).join(', ') || 'none'} (${RUNTIME_TRACE_FILE})`);

const next = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('next/package.json')), 'dist', 'bin', 'next');
const r = spawnSync(process.execPath, [next, 'build', ...process.argv.slice(3)], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
process.exit(r.status ?? 1);
