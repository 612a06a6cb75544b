// `manifold start` (a site's `npm start`): migrate the database (SQLite under data/ unless DATABASE_URL says otherwise), load the sample
// content on first run, build if sources changed, then serve on PORT (3000).
import { serverSetting } from '../lib/server/settings.mjs';
import { ensureBuild, prepareDatabase, root, startNext } from './lib/serve.mjs';

const port = serverSetting('PORT');
if (process.argv.includes('--dev')) {
  prepareDatabase();
  const { spawn } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const nextBin = createRequire(`${root}/package.json`).resolve('next/dist/bin/next');
  spawn(process.execPath, [nextBin, 'dev', '-p', String(port)], { stdio: 'inherit' }).on('exit', (/** @type {number | null} */ c) => process.exit(c ?? 0));
} else {
  prepareDatabase();
  ensureBuild();
  const child = startNext(port);
  console.log(`Manifold is starting at http://localhost:${port}`);
  child.on('exit', (code) => process.exit(code ?? 0));
}
