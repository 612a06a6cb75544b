// The MDX pipeline: a post is compiled once, when it is saved or loaded, and the output stored; a page
// request only evaluates the stored code. Math is rendered to HTML here (no KaTeX in the browser) and code
// is highlighted here (no highlighter in the browser).
import path from 'node:path';
import { bundleMDX } from 'mdx-bundler';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeSlug from 'rehype-slug';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypePrettyCode from 'rehype-pretty-code';
import { toString as mdastToString } from 'mdast-util-to-string';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root as MdastRoot } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import type { VFile } from 'vfile';

export interface TocEntry {
  depth: number;
  text: string;
  id: string;
}

export interface CompiledPost {
  code: string;
  frontmatter: Record<string, unknown>;
  toc: TocEntry[];
  embeds: string[];
  readingMinutes: number;
  searchText: string;
  /** The first paragraph as plain text, for posts whose frontmatter has no summary. */
  firstParagraph: string;
}

export class MdxCompileError extends Error {
  constructor(readonly reason: string, readonly line?: number, readonly column?: number) {
    super(line ? `line ${line}${column ? `, column ${column}` : ''}: ${reason}` : reason);
  }
}

/** HTML elements an author may write inline; anything else lowercase (script, iframe, style…) is refused. */
const SAFE_HTML = new Set(['a', 'abbr', 'b', 'br', 'code', 'del', 'details', 'div', 'em', 'figcaption', 'figure', 'hr', 'i', 'img', 'kbd', 'mark', 'p', 'pre', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'u']);

type JsxNode = { type: string; name?: string | null; position?: { start: { line: number; column: number } } };

/** Enforces the embed allow-list and records which embeds a post uses. */
function remarkEmbeds(options: { allowed: ReadonlySet<string>; used: Set<string> }) {
  return (tree: MdastRoot, file: VFile) => {
    visit(tree, (node) => {
      const n = node as unknown as JsxNode;
      // Plugins (remark-mdx-frontmatter) add ESM without a position; only the author's own is refused.
      if (n.type === 'mdxjsEsm' && n.position) {
        file.fail('import and export are not allowed in posts; use a registered embed such as <Convolution />', node);
      }
      if (n.type === 'mdxFlowExpression' || n.type === 'mdxTextExpression') {
        file.fail('a { starts a JavaScript expression in MDX; write \\{ or put it in `code` or $math$', node);
      }
      if ((n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') && n.name) {
        const name = n.name;
        if (/^[A-Z]/.test(name)) {
          if (!options.allowed.has(name)) {
            const known = [...options.allowed].sort().join(', ') || 'none';
            file.fail(`<${name} /> is not a registered embed (registered: ${known})`, node);
          }
          options.used.add(name);
        } else if (!SAFE_HTML.has(name)) {
          file.fail(`<${name}> is not allowed in posts`, node);
        }
      }
    });
  };
}

/** Builds the table of contents from the headings rehype-slug has given ids. */
function rehypeToc(options: { toc: TocEntry[] }) {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      const depth = /^h([23])$/.exec(node.tagName)?.[1];
      if (depth && typeof node.properties?.id === 'string') {
        options.toc.push({ depth: Number(depth), text: hastToString(node).trim(), id: node.properties.id });
      }
    });
  };
}

/** rehype-katex reports bad math as a warning and renders it red; a post with broken math must not go live. */
function rehypeFailOnMathErrors() {
  return (_tree: HastRoot, file: VFile) => {
    const bad = file.messages.find((m) => m.source === 'rehype-katex');
    if (bad) {
      const reason = String(bad.cause instanceof Error ? bad.cause.message : bad.reason).replace(/^KaTeX parse error: /, '');
      const node = bad.ancestors?.findLast((a) => a.position)?.position?.start;
      file.fail(`math: ${reason}`, bad.place ?? (bad.line ? { line: bad.line, column: bad.column ?? 1 } : node));
    }
  };
}

/**
 * Korean prose reads at roughly 230 eojeol (space-separated words) a minute. reading-time counts each
 * Hangul syllable as a word, which overestimates Korean posts threefold, so this counts whitespace tokens.
 */
export function readingMinutes(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 230));
}

export interface CompileOptions {
  /** Names of the embeds the installed apps register; any other capitalised tag is an error. */
  embeds: Iterable<string>;
  /** For error messages and esbuild's resolution; never read from disk. */
  filename?: string;
}

export async function compileMdx(source: string, options: CompileOptions): Promise<CompiledPost> {
  const allowed = new Set(options.embeds);
  const used = new Set<string>();
  const toc: TocEntry[] = [];
  let searchText = '';
  let firstParagraph = '';
  const collectText = () => (tree: MdastRoot) => {
    searchText = mdastToString(tree, { includeHtml: false }).replace(/\s+/g, ' ').trim();
    const para = tree.children.find((c) => c.type === 'paragraph');
    firstParagraph = para ? mdastToString(para).replace(/\s+/g, ' ').trim() : '';
  };
  try {
    const result = await bundleMDX({
      source,
      cwd: path.resolve('content'),
      mdxOptions(mdx) {
        mdx.remarkPlugins = [...(mdx.remarkPlugins ?? []), remarkGfm, remarkMath, [remarkEmbeds, { allowed, used }], collectText];
        mdx.rehypePlugins = [
          ...(mdx.rehypePlugins ?? []),
          rehypeSlug,
          [rehypeToc, { toc }],
          [rehypeAutolinkHeadings, { behavior: 'append', properties: { className: ['heading-anchor'], ariaHidden: 'true', tabIndex: -1 }, content: { type: 'text', value: '#' } }],
          [rehypeKatex, { output: 'htmlAndMathml', strict: 'ignore' }],
          rehypeFailOnMathErrors,
          [rehypePrettyCode, { theme: { light: 'github-light', dark: 'github-dark' }, keepBackground: false, defaultLang: { block: 'text' } }],
        ];
        return mdx;
      },
      esbuildOptions(opts) {
        opts.minify = true;
        opts.logLevel = 'silent';
        opts.charset = 'utf8';
        opts.target = 'es2020';
        return opts;
      },
    });
    return {
      code: result.code,
      frontmatter: result.frontmatter ?? {},
      toc,
      embeds: [...used].sort(),
      readingMinutes: readingMinutes(searchText),
      searchText,
      firstParagraph,
    };
  } catch (err) {
    throw toCompileError(err);
  }
}

type Place = { line?: number; column?: number; start?: { line: number; column: number } };
type MessageLike = { reason?: string; message?: string; line?: number; column?: number; place?: Place; cause?: unknown };

/** Digs the innermost message with a position out of esbuild's wrapper around @mdx-js/esbuild's VFileMessage. */
function toCompileError(err: unknown): MdxCompileError {
  const e = err as { errors?: { text: string; location?: { line: number; column: number } | null; detail?: MessageLike }[] } & MessageLike;
  let msg: MessageLike | undefined = e.errors?.[0]?.detail ?? (e.reason ? e : undefined);
  while (msg?.cause && typeof msg.cause === 'object' && ('reason' in msg.cause || 'place' in msg.cause)) msg = msg.cause as MessageLike;
  if (msg) {
    const place = msg.place?.start ?? msg.place;
    const fromText = /\((\d+):(\d+)(?:-\d+:\d+)?\)$/.exec(String(msg.reason ?? ''));
    const line = place?.line ?? msg.line ?? (fromText ? Number(fromText[1]) : e.errors?.[0]?.location?.line);
    const column = place?.column ?? msg.column ?? (fromText ? Number(fromText[2]) : undefined);
    return new MdxCompileError(String(msg.reason ?? msg.message).replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)$/, ''), line || undefined, column || undefined);
  }
  const first = e.errors?.[0];
  if (first) return new MdxCompileError(first.text, first.location?.line, first.location ? first.location.column + 1 : undefined);
  return new MdxCompileError(e.message ?? String(err));
}
