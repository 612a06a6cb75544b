// Compiles every post in content/posts (or the folder given) and reports MDX errors with file:line:column.
// Run: npx tsx --import ./lib/node/register.mjs scripts/check-content.ts [dir]
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { compileMdx, MdxCompileError } from '../lib/mdx/compile';
import { loadEmbedSchemas } from '../lib/embeds';
import { frontmatterSchema } from '../apps/blog/content';

const dir = path.resolve(process.argv[2] ?? 'content/posts');
const embeds = await loadEmbedSchemas();
let failures = 0;
for (const name of fs.readdirSync(dir).filter((f) => /\.mdx?$/.test(f)).sort()) {
  const source = fs.readFileSync(path.join(dir, name), 'utf8');
  try {
    const fm = frontmatterSchema.parse(matter(source).data);
    const r = await compileMdx(source, { embeds });
    const prose = r.searchText.split(/\s+/).filter(Boolean).length;
    console.log(`ok   ${name}  "${fm.title}"  ~${prose} words, ${r.readingMinutes} min, toc ${r.toc.length}, embeds [${r.embeds.join(', ')}]`);
  } catch (err) {
    failures++;
    console.log(`FAIL ${name}: ${err instanceof MdxCompileError ? err.message : (err as Error).message}`);
  }
}
process.exitCode = failures ? 1 : 0;
