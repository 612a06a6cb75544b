// `node scripts/vercel-size.mjs [--json file] [--max-mb 250]`: how big each route's serverless function would be on
// Vercel, from the build's own traces. `next build` writes, beside every compiled route under .next/server/, a
// <route>.js.nft.json that lists each file the route needs at run time (its chunks, node_modules packages, and the
// files outputFileTracingIncludes adds: the tfjs wasm binaries and the demo weights for /api/ml/*); Vercel's builder
// packs exactly those into the route's function. The size here is the sum of the route file and of every file its trace
// lists (unzipped, each file once, as Vercel's 250 MB limit counts it; Next's own server runtime is listed in
// .next/next-server.js.nft.json and added to each function too). Prints the ML routes, the largest page and the largest
// function, and exits 1 when one is over the limit. Reads a normal `next build` (no standalone output needed).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { json: { type: 'string' }, 'max-mb': { type: 'string', default: '250' }, dir: { type: 'string', default: '.next' } } });
const LIMIT_MB = Number(args['max-mb']);
if (!Number.isFinite(LIMIT_MB) || LIMIT_MB <= 0) throw new Error('--max-mb must be a positive number of megabytes');
const nextDir = path.resolve(args.dir);
const serverDir = path.join(nextDir, 'server');
if (!fs.existsSync(serverDir)) {
  console.error(`${serverDir} does not exist: run \`npm run build\` first.`);
  process.exit(1);
}

/** @param {string} dir @param {string[]} out */
function traces(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) traces(p, out);
    else if (e.name.endsWith('.js.nft.json')) out.push(p);
  }
  return out;
}

/** The files a trace lists, absolute. @param {string} nftFile */
function listed(nftFile) {
  /** @type {{ files: string[] }} */
  const nft = JSON.parse(fs.readFileSync(nftFile, 'utf8'));
  return nft.files.map((f) => path.resolve(path.dirname(nftFile), f));
}

/** Sum of the sizes of the files (each once); a folder or a missing file counts nothing. @param {Iterable<string>} files */
function bytesOf(files) {
  let bytes = 0;
  let count = 0;
  for (const f of new Set(files)) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st?.isFile()) {
      bytes += st.size;
      count++;
    }
  }
  return { bytes, count };
}

const runtimeTrace = path.join(nextDir, 'next-server.js.nft.json');
const runtime = fs.existsSync(runtimeTrace) ? listed(runtimeTrace) : [];
const mb = (/** @type {number} */ b) => +(b / 1024 / 1024).toFixed(1);

const functions = traces(serverDir).map((nft) => {
  const entry = nft.slice(0, -'.nft.json'.length);
  const route = '/' + path.relative(serverDir, entry).split(path.sep).join('/').replace(/\.js$/, '');
  const own = bytesOf([entry, ...listed(nft)]);
  const all = bytesOf([entry, ...listed(nft), ...runtime]);
  return { route, files: all.count, 'traced MB': mb(own.bytes), 'with Next runtime MB': mb(all.bytes), bytes: all.bytes };
});
functions.sort((a, b) => b.bytes - a.bytes);

const ml = functions.filter((f) => /^\/app\/api\/ml\//.test(f.route));
// The largest reader page (Pages Router) and the largest App Router page (the admin).
const readerPage = functions.find((f) => f.route.startsWith('/pages/'));
const appPage = functions.find((f) => /\/page$/.test(f.route));
const shown = [...new Map([...ml, readerPage, appPage, functions[0]].filter((f) => f !== undefined).map((f) => [f.route, f])).values()];
console.log(`Vercel function sizes from ${path.relative(process.cwd(), serverDir)}/**/*.nft.json (unzipped; the limit is ${LIMIT_MB} MB):`);
console.table(shown.map(({ bytes, ...r }) => ({ ...r, 'of limit %': +((100 * bytes) / (LIMIT_MB * 1024 * 1024)).toFixed(1) })));
console.log(`${functions.length} functions; the largest is ${functions[0]?.route} at ${mb(functions[0]?.bytes ?? 0)} MB.`);

// The ML routes need the tfjs wasm binaries and the demo weights at run time: a trace without them is a broken function.
const problems = [];
for (const f of ml.filter((x) => x.route === '/app/api/ml/[model]/route')) {
  const files = listed(path.join(serverDir, `${f.route.slice(1)}.js.nft.json`));
  if (!files.some((p) => p.endsWith('.wasm') && p.includes('tfjs-backend-wasm'))) problems.push(`${f.route}: no tfjs wasm binary in its trace`);
  if (!files.some((p) => /content[\\/]models[\\/].+\.(bin|json)$/.test(p))) problems.push(`${f.route}: no model weights in its trace`);
}
const over = functions.filter((f) => f.bytes > LIMIT_MB * 1024 * 1024);
for (const f of over) problems.push(`${f.route}: ${mb(f.bytes)} MB is over ${LIMIT_MB} MB`);
for (const p of problems) console.log(`✗ ${p}`);
if (!problems.length) console.log(`✓ every function within ${LIMIT_MB} MB; the ML route's trace has the tfjs wasm files and the weights`);
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ limitMb: LIMIT_MB, functions: functions.map(({ bytes, ...r }) => ({ ...r, bytes })) }, null, 2));
if (problems.length) process.exitCode = 1;
