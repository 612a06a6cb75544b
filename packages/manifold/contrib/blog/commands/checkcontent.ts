// `manage checkcontent [dir]` (a blog command): compile every post file in a folder and report MDX and Markdown errors with
// file:line:column, without touching the database. Embeds come from the registry: an uninstalled app's embed is
// reported, not refused.
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { CommandError, defineCommand } from '../../../lib/app';
import { siteConfig } from '@site/site.config';

export const checkContentCommand = defineCommand({
  description: 'Compile every post in a folder (content/posts by default) and report MDX/Markdown and frontmatter errors with line and column.',
  arguments: [{ name: 'dir', optional: true, help: `The folder of .mdx/.md posts (default: the site's contentDir, ${siteConfig.contentDir}).` }],
  async run(args, ctx) {
    const dir = path.resolve(args.dir ?? siteConfig.contentDir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CommandError(`${dir} is not a folder`);
    const { compileMdx, MdxCompileError } = await import('../../../lib/mdx/compile');
    const { embedCompileOptions } = await import('../../../lib/embed-schemas');
    const { formatOfFilename } = await import('../../../lib/mdx/markdown');
    const { markdownDisplayMath } = await import('../../../lib/mdx/site-settings');
    const { frontmatterSchema } = await import('../content');
    const options = await embedCompileOptions();
    let failures = 0;
    for (const name of fs.readdirSync(dir).filter((f) => /\.mdx?$/.test(f)).sort()) {
      const source = fs.readFileSync(path.join(dir, name), 'utf8');
      try {
        const fm = frontmatterSchema.parse(matter(source).data);
        // .md is Markdown, .mdx MDX, as loadcontent reads them.
        const r = await compileMdx(source, { ...options, filename: name, format: formatOfFilename(name) ?? 'mdx', markdownDisplayMath: markdownDisplayMath() });
        const prose = r.searchText.split(/\s+/).filter(Boolean).length;
        const missing = r.embeds.filter((e) => Object.hasOwn(options.uninstalledEmbeds, e));
        ctx.out(`ok   ${name}  "${fm.title}"  ~${prose} words, ${r.readingMinutes} min, toc ${r.toc.length}, embeds [${r.embeds.join(', ')}]`);
        if (missing.length) ctx.out(`     (shown as placeholders: ${missing.map((e) => `<${e} /> of the uninstalled app "${options.uninstalledEmbeds[e]}"`).join(', ')})`);
      } catch (err) {
        failures++;
        ctx.out(`FAIL ${name}: ${err instanceof MdxCompileError ? err.message : (err as Error).message}`);
      }
    }
    return failures ? 1 : 0;
  },
});
