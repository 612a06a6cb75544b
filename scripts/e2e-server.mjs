// The server Playwright drives: a fresh SQLite database with the sample content, the current build, `next start`.
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild, manage, prepareDatabase, root, sampleContentDir, startNext } from './lib/serve.mjs';

const port = Number(process.argv[2] ?? 3107);
const url = process.env.E2E_DATABASE_URL ?? `file:${path.join(root, 'data', 'e2e', 'e2e.db')}`;
const file = url.slice('file:'.length);
fs.rmSync(path.dirname(file), { recursive: true, force: true });
fs.mkdirSync(path.dirname(file), { recursive: true });
const env = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1' };
prepareDatabase(env, sampleContentDir());
// Two more published posts (so the home page has a second page), a draft and a future post (which must stay hidden).
manage(['loadcontent', path.join(root, 'tests', 'fixtures', 'e2e-posts')], env);
ensureBuild();
const child = startNext(port, env);
child.on('exit', (code) => process.exit(code ?? 0));
