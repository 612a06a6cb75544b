// The MDX pipeline: a post is compiled once, when it is saved or loaded, to a hast tree stored as JSON; a page
// request only renders that tree (lib/mdx/render.tsx). Nothing the author writes becomes JavaScript: JSX
// elements and attributes are checked against allow-lists, embed props must be literal values matching the
// embed's schema, and everything else is refused here with its line and column. Math is rendered to HTML here
// (no KaTeX in the browser) and code is highlighted here (no highlighter in the browser).
import matter from 'gray-matter';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import rehypeSlug from 'rehype-slug';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypePrettyCode from 'rehype-pretty-code';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import { toString as mdastToString } from 'mdast-util-to-string';
import { toString as hastToString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { Root as MdastRoot, Nodes as MdastNodes } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { Expression, Program } from 'estree';
import type { VFile } from 'vfile';
import type { EmbedSchemas } from '../app';
import { rehypeMediaImages } from './images';
import { currencyDollars, escapeDollars, MARKDOWN_SANITIZE_SCHEMA, rehypeMarkdownUrls, remarkMarkdown, type MarkdownState, type PostFormat } from './markdown';
import { ATTRIBUTE_VALUE, AUTHOR_ELEMENTS, EMBED_ELEMENT, HAST_PROPERTY, OUTPUT_FORMAT, refusedAttributeReason, safeUrl, UNTRUSTED_TEX, URL_ATTRIBUTES } from './policy';

export interface TocEntry {
  depth: number;
  text: string;
  id: string;
}

export interface CompiledPost {
  /** The stored output: JSON of { format, tree }, a hast tree with embeds as marker elements. Never code. */
  code: string;
  frontmatter: Record<string, unknown>;
  toc: TocEntry[];
  embeds: string[];
  readingMinutes: number;
  /** The text readers search: every block of the body (frontmatter left out) and the words of its embeds' props. */
  searchText: string;
  /** The first paragraph as plain text, for posts whose frontmatter has no summary. */
  firstParagraph: string;
}

export class MdxCompileError extends Error {
  constructor(readonly reason: string, readonly line?: number, readonly column?: number) {
    super(line ? `line ${line}${column ? `, column ${column}` : ''}: ${reason}` : reason);
  }
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;
type Positioned = { position?: { start: { line: number; column: number } } };

/** A JSON value an author may give an embed prop. */
type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/**
 * Reads an attribute expression such as `kernel={[1, 2, 1]}` as a JSON value. Only literals, arrays and
 * objects of literals and a unary minus on a number are values; anything else (a call, a name, a template)
 * is code and is refused.
 */
function literalOf(node: Expression | null | undefined, fail: (why: string) => never): Literal {
  if (!node) fail('an empty expression');
  switch (node.type) {
    case 'Literal': {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      return fail('a regular expression or big integer');
    }
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return -node.argument.value;
      return fail(`the operator ${node.operator}`);
    case 'ArrayExpression':
      return node.elements.map((e) => (e && e.type !== 'SpreadElement' ? literalOf(e, fail) : fail(e ? 'a spread (...)' : 'an array hole')));
    case 'ObjectExpression': {
      const out: Record<string, Literal> = {};
      for (const p of node.properties) {
        if (p.type !== 'Property' || p.computed || p.method || p.shorthand || p.kind !== 'init') fail('an object property that is not "key": value');
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' && typeof p.key.value === 'string' ? p.key.value : fail('a non-string key');
        if (key === '__proto__') fail('the key __proto__');
        out[key] = literalOf(p.value as Expression, fail);
      }
      return out;
    }
    default:
      return fail(`${node.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`);
  }
}

function expressionOf(value: { data?: { estree?: Program | null } }): Expression | undefined {
  const body = value.data?.estree?.body;
  if (!body || body.length !== 1 || body[0].type !== 'ExpressionStatement') return undefined;
  return body[0].expression;
}

interface CheckOptions {
  schemas: EmbedSchemas;
  embedApps: Readonly<Record<string, string>>;
  uninstalledEmbeds: Readonly<Record<string, string>>;
  used: Set<string>;
  /** A Markdown post: its raw HTML is sanitised later (rehype-sanitize), not refused here. */
  markdown?: boolean;
}

/** The allow-lists: every JSX element, attribute, URL, embed prop and math command is checked here. */
function remarkPolicy(options: CheckOptions) {
  return (tree: MdastRoot, file: VFile) => {
    const fail = (reason: string, node: Positioned): never => file.fail(reason, node as never);

    const checkUrl = (raw: string, kind: 'link' | 'image', node: Positioned, what: string): string => {
      const r = safeUrl(raw, kind);
      if ('error' in r) fail(`${what}: ${r.error}`, node);
      return (r as { url: string }).url;
    };

    const element = (node: JsxElement) => {
      const name = node.name;
      if (!name) fail('fragments (<>…</>) are not allowed in posts', node);
      if (/^[A-Z]/.test(name!)) return embed(node, name!);
      if (name!.includes('.') || name!.includes(':')) fail(`<${name}> is not allowed in posts`, node);
      const allowed = AUTHOR_ELEMENTS[name!];
      if (!allowed) {
        const hint = name === 'svg' || name === 'math' ? '; write math as $…$ and put images in ![](…)' : '';
        fail(`<${name}> is not allowed in posts${hint}`, node);
      }
      const properties: Record<string, string | boolean> = {};
      for (const attr of node.attributes) {
        const at: Positioned = attr.position ? attr : node;
        if (attr.type === 'mdxJsxExpressionAttribute') fail(`<${name}>: spread attributes ({...}) are not allowed in posts`, at);
        const a = attr as MdxJsxAttribute;
        const refused = refusedAttributeReason(a.name);
        if (refused) fail(`<${name} ${a.name}>: ${refused}`, at);
        // An expression is JavaScript whatever the attribute: refused first, so the message says why.
        if (a.value !== null && typeof a.value === 'object') fail(`<${name} ${a.name}={…}>: attribute values in posts are text, not {expressions}`, at);
        const attrName = a.name.toLowerCase();
        if (!allowed.includes(attrName) || a.name !== attrName) {
          fail(`<${name}> may not have the attribute "${a.name}" (allowed: ${allowed.join(', ') || 'none'})`, at);
        }
        const value = typeof a.value === 'string' ? a.value : '';
        const rule = ATTRIBUTE_VALUE[attrName];
        if (rule && !rule.test.test(value)) fail(`<${name} ${a.name}="${value.slice(0, 40)}">: expected ${rule.expects}`, at);
        const prop = HAST_PROPERTY[attrName] ?? attrName;
        if (URL_ATTRIBUTES.has(attrName)) properties[prop] = checkUrl(value, name === 'img' ? 'image' : 'link', at, `<${name} ${attrName}>`);
        else properties[prop] = attrName === 'open' ? true : value;
      }
      if (properties.target) properties.rel = 'noopener noreferrer';
      node.data = { ...node.data, hName: name, hProperties: properties } as typeof node.data;
    };

    const embed = (node: JsxElement, name: string) => {
      const schema = Object.hasOwn(options.schemas, name) ? options.schemas[name] : undefined;
      // An embed of an app that is under apps/ but not installed: the post is data and outlives the app, so it
      // compiles (props still literal values) and renders a placeholder naming the app until the app is back.
      const missingApp = schema ? undefined : Object.hasOwn(options.uninstalledEmbeds, name) ? options.uninstalledEmbeds[name] : undefined;
      if (!schema && !missingApp) {
        const known = Object.keys(options.schemas).sort().join(', ') || 'none';
        fail(`<${name} /> is not a registered embed (registered: ${known})`, node);
      }
      if (node.children.length) fail(`<${name}> takes no children; write <${name} /> and put text around it`, node.children[0]);
      const props: Record<string, Literal> = {};
      for (const attr of node.attributes) {
        const at: Positioned = attr.position ? attr : node;
        if (attr.type === 'mdxJsxExpressionAttribute') fail(`<${name}>: spread attributes ({...}) are not allowed; write each prop`, at);
        const a = attr as MdxJsxAttribute;
        const refused = refusedAttributeReason(a.name);
        if (refused) fail(`<${name} ${a.name}>: ${refused}`, at);
        if (a.value === null || a.value === undefined) props[a.name] = true;
        else if (typeof a.value === 'string') props[a.name] = a.value;
        else {
          const expr = expressionOf(a.value);
          props[a.name] = literalOf(expr, (why) =>
            fail(`<${name} ${a.name}={…}>: a prop must be a literal value (a number, string, true/false, or an array/object of those), not ${why}`, at),
          );
        }
      }
      if (missingApp) {
        options.used.add(name);
        node.data = { ...node.data, hName: EMBED_ELEMENT, hProperties: { name, app: missingApp, props: JSON.stringify(props) }, hChildren: [] } as typeof node.data;
        return;
      }
      const parsed = schema!.safeParse(props);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const keys = (issue as { keys?: string[] }).keys;
        const prop = keys?.length ? keys.join(', ') : issue.path.map(String).join('.') || '(props)';
        const attr = node.attributes.find((x) => x.type === 'mdxJsxAttribute' && x.name === String(issue.path[0] ?? keys?.[0]));
        fail(`<${name}> prop "${prop}": ${keys?.length ? `${name} has no such prop` : issue.message}`, attr?.position ? attr : node);
      }
      options.used.add(name);
      const app = Object.hasOwn(options.embedApps, name) ? options.embedApps[name] : undefined;
      node.data = { ...node.data, hName: EMBED_ELEMENT, hProperties: { name, ...(app ? { app } : {}), props: JSON.stringify(parsed.data ?? {}) }, hChildren: [] } as typeof node.data;
    };

    visit(tree, (n) => {
      const node = n as MdastNodes | { type: string };
      switch (node.type) {
        case 'mdxjsEsm':
          return fail('import and export are not allowed in posts; use a registered embed such as <Convolution />', node as Positioned);
        case 'mdxFlowExpression':
        case 'mdxTextExpression':
          return fail('a { starts a JavaScript expression in MDX; write \\{ or put it in `code` or $math$', node as Positioned);
        case 'html':
          if (options.markdown) return;
          return fail('raw HTML is not allowed in posts', node as Positioned);
        case 'mdxJsxFlowElement':
        case 'mdxJsxTextElement':
          return element(node as JsxElement);
        case 'link':
        case 'definition': {
          const l = node as { url: string } & Positioned;
          l.url = checkUrl(l.url, 'link', l, 'link');
          return;
        }
        case 'image': {
          const i = node as { url: string } & Positioned;
          i.url = checkUrl(i.url, 'image', i, 'image');
          return;
        }
        case 'math':
        case 'inlineMath': {
          const m = node as { value: string } & Positioned;
          const bad = UNTRUSTED_TEX.exec(m.value);
          if (bad) fail(`math: \\${bad[1]} is not allowed in posts (links and images go in the text, not in math)`, m);
          return;
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

/** How a code block's language is named in its label; any other language is shown as written. */
const LANGUAGE_NAMES: Record<string, string> = {
  py: 'Python', python: 'Python', js: 'JavaScript', javascript: 'JavaScript', jsx: 'JSX', ts: 'TypeScript', typescript: 'TypeScript',
  tsx: 'TSX', sh: 'Shell', bash: 'Bash', shell: 'Shell', zsh: 'Shell', console: 'Console', json: 'JSON', yaml: 'YAML', yml: 'YAML',
  html: 'HTML', css: 'CSS', sql: 'SQL', md: 'Markdown', markdown: 'Markdown', mdx: 'MDX', c: 'C', cpp: 'C++', java: 'Java', go: 'Go',
  rust: 'Rust', r: 'R', tex: 'TeX', latex: 'LaTeX', diff: 'Diff', toml: 'TOML', dockerfile: 'Dockerfile', text: '', plaintext: '', txt: '',
};

/**
 * Reading aids the stored tree carries so the page needs no framework: each code block gets a header with its
 * language and a copy button (hidden until lib/reading-script.mjs, an inline script, wires it: without JavaScript
 * there is no dead button), and each display equation a scroll region a keyboard can reach and a reader can name.
 */
function rehypeReadingAids() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'figure' && node.properties && 'data-rehype-pretty-code-figure' in node.properties) {
        const pre = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'pre');
        const lang = String(pre?.properties?.['data-language'] ?? 'text').toLowerCase();
        const name = Object.hasOwn(LANGUAGE_NAMES, lang) ? LANGUAGE_NAMES[lang] : lang;
        node.properties = { ...node.properties, className: ['code-block'] };
        node.children.unshift({
          type: 'element',
          tagName: 'div',
          properties: { className: ['code-header'] },
          children: [
            { type: 'element', tagName: 'span', properties: { className: ['code-lang'] }, children: name ? [{ type: 'text', value: name }] : [] },
            {
              type: 'element',
              tagName: 'button',
              properties: { type: 'button', className: ['code-copy'], hidden: true, dataCopy: 'code', dataCopied: '복사됨 (Copied)', ariaLabel: '코드 복사 (Copy code)' },
              children: [{ type: 'text', value: '복사' }],
            },
          ],
        });
        return SKIP;
      }
      const classes = node.properties?.className;
      if (node.tagName === 'span' && Array.isArray(classes) && classes.includes('katex-display') && parent && typeof index === 'number') {
        parent.children[index] = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['math-display'], role: 'group', tabIndex: 0, ariaLabel: '수식 (equation)' },
          children: [node],
        };
        return SKIP;
      }
      return undefined;
    });
  };
}

/** The preview's line marks (CompileOptions.sourceLines); never in a stored output. */
function rehypeSourceLines(options: { on: boolean }) {
  return (tree: HastRoot) => {
    if (!options.on) return;
    for (const node of tree.children) {
      if (node.type === 'element' && node.position) node.properties = { ...node.properties, dataLine: node.position.start.line };
    }
  };
}

/** Positions are only for error messages; the stored tree is smaller without them. */
function rehypeStripPositions() {
  return (tree: HastRoot) => {
    visit(tree, (node) => {
      delete (node as { position?: unknown }).position;
      delete (node as { data?: unknown }).data;
    });
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
  /** The embeds the installed apps register, each with the zod schema of its props; any other capitalised tag is an error. */
  embeds: EmbedSchemas;
  /** Each installed embed's app label, recorded in the stored tree so a placeholder can name the app once it is gone. */
  embedApps?: Readonly<Record<string, string>>;
  /** Embeds of apps present but not installed, by name → app label: they compile to a placeholder instead of failing. */
  uninstalledEmbeds?: Readonly<Record<string, string>>;
  /** For error messages only; never read from disk. */
  filename?: string;
  /** The editor's preview: each top-level block gets data-line (its first source line), to mark an error at its place. */
  sourceLines?: boolean;
  /**
   * How the source is written: 'mdx' (the default) or 'markdown' (CommonMark + GFM + math, no JSX: `<` and `{` are
   * text, raw HTML is sanitised to an allow-list, embeds are refused; lib/mdx/markdown.ts).
   */
  format?: PostFormat;
  /** Markdown only: `$$…$$` is display math wherever it stands, also mid-sentence (default true; siteConfig.markdownDisplayMath). */
  markdownDisplayMath?: boolean;
}

/** The mdast nodes whose text is one block of the post's text. */
const BLOCKS = new Set(['paragraph', 'heading', 'code', 'math', 'tableCell', 'html']);

export async function compileMdx(source: string, options: CompileOptions): Promise<CompiledPost> {
  const used = new Set<string>();
  const toc: TocEntry[] = [];
  let searchText = '';
  let proseText = '';
  let firstParagraph = '';
  const collectText = () => (tree: MdastRoot) => {
    // The text of each block, blocks apart (a heading's last word and the next paragraph's first are two words); the
    // frontmatter is left out (search indexes the post's tags and category from their own columns).
    const blocks: string[] = [];
    visit(tree, (node) => {
      if (node.type === 'yaml') return SKIP;
      if (!BLOCKS.has(node.type)) return undefined;
      blocks.push(mdastToString(node, { includeHtml: false }));
      return SKIP;
    });
    searchText = blocks.join(' ').replace(/\s+/g, ' ').trim();
    proseText = searchText;
    // An embed's words (a figure's caption, a demo's labels) are found by search too, though no prose holds them.
    const embedWords: string[] = [];
    visit(tree, (node) => {
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
      for (const attr of (node as MdxJsxFlowElement).attributes) {
        if (attr.type !== 'mdxJsxAttribute' || attr.value == null) continue;
        if (typeof attr.value === 'string') embedWords.push(attr.value);
        else for (const m of attr.value.value.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) embedWords.push(m[1] ?? m[2]);
      }
    });
    const extra = embedWords.map((w) => w.replace(/\s+/g, ' ').trim()).filter((w) => w.length > 1 && !/^(?:https?:|\/|#)/.test(w));
    if (extra.length) searchText = `${searchText} ${extra.join(' ')}`.trim();
    const para = tree.children.find((c) => c.type === 'paragraph');
    firstParagraph = para ? mdastToString(para, { includeHtml: false }).replace(/\s+/g, ' ').trim() : '';
  };
  let frontmatter: Record<string, unknown> = {};
  try {
    frontmatter = matter(source).data;
  } catch (err) {
    throw new MdxCompileError(`frontmatter is not valid YAML: ${(err as Error).message.split('\n')[0]}`, 1, 1);
  }
  const markdown = options.format === 'markdown';
  const markdownState: MarkdownState = {
    displayMath: options.markdownDisplayMath !== false,
    embedNames: new Set([...Object.keys(options.embeds), ...Object.keys(options.uninstalledEmbeds ?? {})]),
  };
  const policy = { schemas: options.embeds, embedApps: options.embedApps ?? {}, uninstalledEmbeds: options.uninstalledEmbeds ?? {}, used, markdown };
  const processor = markdown
    ? unified()
        .use(remarkParse)
        .use(remarkFrontmatter, ['yaml'])
        .use(remarkGfm)
        .use(remarkMath)
        .use(remarkMarkdown, markdownState)
        .use(remarkPolicy, policy)
        .use(collectText)
        .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
        .use(rehypeRaw)
        .use(rehypeSanitize, MARKDOWN_SANITIZE_SCHEMA)
        .use(rehypeMarkdownUrls)
    : unified()
        .use(remarkParse)
        .use(remarkFrontmatter, ['yaml'])
        .use(remarkMdx)
        .use(remarkGfm)
        .use(remarkMath)
        .use(remarkPolicy, policy)
        .use(collectText)
        .use(remarkRehype);
  processor
    .use(rehypeSlug)
    .use(rehypeToc, { toc })
    .use(rehypeAutolinkHeadings, { behavior: 'append', properties: { className: ['heading-anchor'], ariaHidden: 'true', tabIndex: -1 }, content: { type: 'text', value: '#' } })
    .use(rehypeKatex, { output: 'htmlAndMathml', strict: 'ignore', trust: false })
    .use(rehypeFailOnMathErrors)
    // The high-contrast GitHub themes: every token of the plain ones does not reach WCAG AA on the code background
    // (github-light's #d73a49 is 4.29:1 on #f6f8fa, github-dark's comments 3.47:1).
    .use(rehypePrettyCode, { theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' }, keepBackground: false, defaultLang: { block: 'text' } })
    .use(rehypeReadingAids)
    .use(rehypeMediaImages)
    .use(rehypeSourceLines, { on: options.sourceLines === true })
    .use(rehypeStripPositions);
  try {
    let value = source;
    let mdast = processor.parse({ value, path: options.filename });
    // Markdown: a `$` that is money, not math (Pandoc's rule), is escaped and the source parsed again, so the next `$`
    // may pair otherwise; a few rounds settle any real text.
    for (let round = 0; markdown && round < 100; round++) {
      const money = currencyDollars(mdast, value);
      if (!money.length) break;
      value = escapeDollars(value, money);
      mdast = processor.parse({ value, path: options.filename });
    }
    const hast = (await processor.run(mdast, { value, path: options.filename })) as HastRoot;
    if (markdownState.excerpt !== undefined) firstParagraph = markdownState.excerpt;
    return {
      code: JSON.stringify({ format: OUTPUT_FORMAT, tree: hast }),
      frontmatter,
      toc,
      embeds: [...used].sort(),
      readingMinutes: readingMinutes(proseText),
      searchText,
      firstParagraph,
    };
  } catch (err) {
    throw toCompileError(err);
  }
}

type Place = { line?: number; column?: number; start?: { line: number; column: number } };
type MessageLike = { reason?: string; message?: string; line?: number; column?: number; place?: Place; cause?: unknown };

/** Turns a VFileMessage (ours, micromark's or a plugin's) into an error naming line and column. */
function toCompileError(err: unknown): MdxCompileError {
  if (err instanceof MdxCompileError) return err;
  let msg = err as MessageLike;
  while (msg?.cause && typeof msg.cause === 'object' && ('reason' in msg.cause || 'place' in msg.cause)) msg = msg.cause as MessageLike;
  if (msg && (msg.reason || msg.place)) {
    const place = msg.place?.start ?? msg.place;
    const line = place?.line ?? msg.line;
    const column = place?.column ?? msg.column;
    return new MdxCompileError(String(msg.reason ?? msg.message).replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)$/, ''), line || undefined, column || undefined);
  }
  return new MdxCompileError((err as Error)?.message ?? String(err));
}
