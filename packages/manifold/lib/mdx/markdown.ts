// The Markdown format of a post (CommonMark + GFM + math, no JSX): what lib/mdx/compile.ts adds to its pipeline when
// CompileOptions.format is 'markdown'. `<` and `{` are text; raw HTML is parsed (rehype-raw), cut down to an allow-list
// (rehype-sanitize) and its URLs checked by the same rule as MDX's (safeUrl), so anything else comes out inert; HTML
// comments and kramdown attribute lists ({:target="_blank"}) are dropped; `<!-- more -->` marks where the excerpt
// ends. An embed (<Convolution />) is never run from a Markdown post: it is refused, naming the fix.
import type { Root as MdastRoot, Parent as MdastParent, Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import type { Schema } from 'hast-util-sanitize';
import type { VFile } from 'vfile';
import { toString as mdastToString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { ATTRIBUTE_VALUE, AUTHOR_ELEMENTS, HAST_PROPERTY, safeUrl } from './policy';

/** How a post's source is written. */
export type PostFormat = 'markdown' | 'mdx';
export const POST_FORMATS: readonly PostFormat[] = ['markdown', 'mdx'];

/** True for the two format names (a form field or a stored column is checked with this). */
export function isPostFormat(value: unknown): value is PostFormat {
  return value === 'markdown' || value === 'mdx';
}

/** The format a content file is written in, by its extension: `.md` Markdown, `.mdx` MDX; undefined for others. */
export function formatOfFilename(name: string): PostFormat | undefined {
  const ext = /\.(mdx?)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'md' ? 'markdown' : ext === 'mdx' ? 'mdx' : undefined;
}

/** The extension a post of a format is written to (dumpcontent). */
export function extensionOfFormat(format: PostFormat): '.md' | '.mdx' {
  return format === 'markdown' ? '.md' : '.mdx';
}

export const EMBED_NEEDS_MDX = "embeds need the MDX format: set the post's format to mdx";

const COMMENT = /^<!--[\s\S]*?-->\s*$/;
const MORE = /^<!--\s*more\b[\s\S]*?-->\s*$/i;
/** A kramdown inline/block attribute list: {: .class #id key="value"} or {:target="_blank"}. */
const IAL = /\{:[^{}\n]*\}/g;

export interface MarkdownState {
  /** `$$…$$` anywhere (also mid-sentence) is display math. */
  displayMath: boolean;
  /** Embed names the site knows (installed or not): an html node naming one is refused with EMBED_NEEDS_MDX. */
  embedNames: ReadonlySet<string>;
  /** Set by the plugin: the text before `<!-- more -->`, when the post has the marker. */
  excerpt?: string;
}

/** The text blocks of a part of the tree, for the excerpt before `<!-- more -->`. */
function textOf(nodes: RootContent[]): string {
  const parts: string[] = [];
  for (const node of nodes) {
    if (node.type === 'yaml' || node.type === 'html' || node.type === 'code' || node.type === 'math' || node.type === 'definition') continue;
    parts.push(mdastToString(node, { includeHtml: false }));
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const isBlank = (n: PhrasingContent) => n.type === 'break' || (n.type === 'text' && !n.value.trim());

/** Trims the whitespace a split leaves at both ends of a run of phrasing content. */
function trimmed(run: PhrasingContent[]): PhrasingContent[] {
  const out = [...run];
  while (out.length && isBlank(out[0])) out.shift();
  while (out.length && isBlank(out[out.length - 1])) out.pop();
  if (out[0]?.type === 'text') out[0] = { ...out[0], value: out[0].value.replace(/^\s+/, '') };
  const last = out.length - 1;
  if (out[last]?.type === 'text') out[last] = { ...out[last], value: out[last].value.replace(/\s+$/, '') };
  return out;
}

/**
 * The Markdown format's rules on the mdast: comments, IALs and `<!-- more -->` go, embeds are refused, `$$…$$` in a
 * paragraph becomes display math (the paragraph is split around it). Runs before the shared policy (links, math).
 */
export function remarkMarkdown(state: MarkdownState) {
  return (tree: MdastRoot, file: VFile) => {
    const source = String(file.value ?? '');
    // A tag naming one of the site's embeds. Other capitalised tags are HTML to Markdown (List<String> stays prose; an
    // unknown tag is unwrapped by the sanitiser).
    const embedCheck = (value: string, node: unknown) => {
      for (const m of value.matchAll(/<([A-Z][A-Za-z0-9]*)(?=[\s/>])/g)) {
        if (state.embedNames.has(m[1])) file.fail(`<${m[1]} /> is an embed; ${EMBED_NEEDS_MDX}`, node as never);
      }
    };
    // <!-- more -->: the excerpt is the text before it (the top-level blocks before, and the start of its own block).
    let moreFound = false;
    visit(tree, 'html', (node, index, parent) => {
      if (!parent || typeof index !== 'number') return undefined;
      const value = node.value.trim();
      if (!moreFound && MORE.test(value)) {
        moreFound = true;
        const top = tree.children.findIndex((c) => c === node || (c.position && node.position && c.position.start.offset! <= node.position.start.offset! && c.position.end.offset! >= node.position.end.offset!));
        const before = textOf(tree.children.slice(0, Math.max(0, top)));
        const own = parent === tree ? '' : textOf(parent.children.slice(0, index) as RootContent[]);
        state.excerpt = `${before} ${own}`.trim();
      }
      if (COMMENT.test(value)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      embedCheck(value, node);
      return undefined;
    });
    // An embed with {…} props is not an HTML tag to CommonMark, so it arrives as text.
    visit(tree, 'text', (node) => {
      if (node.value.includes('<')) embedCheck(node.value, node);
    });

    // Kramdown attribute lists are dropped (a paragraph holding nothing else goes with them).
    visit(tree, 'text', (node) => {
      if (node.value.includes('{:')) node.value = node.value.replace(IAL, '');
    });
    visit(tree, 'paragraph', (node, index, parent) => {
      if (!parent || typeof index !== 'number') return undefined;
      if (node.children.length && node.children.every(isBlank)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      return undefined;
    });

    if (!state.displayMath) return;
    // `$$…$$` inside a sentence is display math, as MathJax and Tistory show it: the paragraph is split around it.
    visit(tree, 'paragraph', (node: Paragraph, index, parent: MdastParent | undefined) => {
      if (!parent || typeof index !== 'number' || parent.type === 'tableCell') return undefined;
      const isDisplay = (c: PhrasingContent) => c.type === 'inlineMath' && c.position?.start.offset !== undefined && source.startsWith('$$', c.position.start.offset);
      if (!node.children.some(isDisplay)) return undefined;
      const out: RootContent[] = [];
      let run: PhrasingContent[] = [];
      const flush = () => {
        const kept = trimmed(run);
        if (kept.length) out.push({ type: 'paragraph', children: kept });
        run = [];
      };
      for (const child of node.children) {
        if (isDisplay(child)) {
          flush();
          const value = (child as { value: string }).value.trim();
          // As mdast-util-math makes a `$$` block: <pre><code class="language-math math-display">.
          const code = { type: 'element' as const, tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text' as const, value }] };
          out.push({ type: 'math', meta: null, value, position: child.position, data: { hName: 'pre', hChildren: [code] } });
        } else run.push(child);
      }
      flush();
      (parent.children as RootContent[]).splice(index, 1, ...out);
      return [SKIP, index + out.length];
    });
  };
}

/**
 * Pandoc's rule for `$`: an opening `$` has a non-space right after it, a closing one a non-space right before it and
 * no digit right after it, so `$5 이고 할인은 $3` is money, not math. Returns the offset of the first single-`$` math
 * opening that breaks the rule in each block (the caller escapes them and parses again, so the `$`s after it may pair
 * otherwise; blocks are parsed apart, so one per block is safe).
 */
export function currencyDollars(tree: MdastRoot, source: string): number[] {
  const out: number[] = [];
  visit(tree, (block) => {
    if (block.type !== 'paragraph' && block.type !== 'heading' && block.type !== 'tableCell') return undefined;
    let first: number | undefined;
    visit(block, 'inlineMath', (node) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined || source[start] !== '$' || source[start + 1] === '$') return undefined;
      const inner = source.slice(start + 1, end - 1);
      if (/^\s/.test(inner) || /\s$/.test(inner) || /^\d/.test(source.slice(end, end + 1))) {
        first = start;
        return false;
      }
      return undefined;
    });
    if (first !== undefined) out.push(first);
    return SKIP;
  });
  return out;
}

/** Escapes the `$` at each offset (`\$` is a literal dollar in CommonMark). */
export function escapeDollars(source: string, offsets: number[]): string {
  let out = source;
  for (const at of [...offsets].sort((a, b) => b - a)) out = `${out.slice(0, at)}\\${out.slice(at)}`;
  return out;
}

const MARKDOWN_OUTPUT_TAGS = 'a blockquote br code del em h1 h2 h3 h4 h5 h6 hr img input li ol p pre section strong sup table tbody td th thead tr ul';
/** Elements the renderer (lib/mdx/render.tsx) shows; raw HTML is cut down to these. */
const RENDERABLE = new Set('a abbr b blockquote br code del details div em figcaption figure h1 h2 h3 h4 h5 h6 hr i img input kbd li mark ol p pre section small span strong sub summary sup table tbody td th thead tr u ul'.split(' '));

const authorAttributes = Object.fromEntries(Object.entries(AUTHOR_ELEMENTS).map(([tag, attrs]) => [tag, attrs.map((a) => HAST_PROPERTY[a] ?? a)]));
const footnote = ['ariaDescribedBy', 'ariaLabel', 'id'];

/** What raw HTML may leave in a Markdown post: the MDX author allow-list plus what Markdown itself makes (GFM's tables, task lists, footnotes). */
export const MARKDOWN_SANITIZE_SCHEMA: Schema = {
  tagNames: [...new Set([...MARKDOWN_OUTPUT_TAGS.split(' '), ...Object.keys(AUTHOR_ELEMENTS)])].filter((t) => RENDERABLE.has(t)),
  attributes: {
    ...authorAttributes,
    a: [...authorAttributes.a, ...footnote, 'dataFootnoteRef', 'dataFootnoteBackref', ['className', 'data-footnote-backref']],
    code: [['className', /^language-./, 'math-inline', 'math-display']],
    h2: ['id', ['className', 'sr-only']],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    li: ['id', ['className', 'task-list-item']],
    ol: ['start', ['className', 'contains-task-list']],
    ul: [['className', 'contains-task-list']],
    section: ['dataFootnotes', ['className', 'footnotes']],
    sup: [],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  // Only a task list's checkbox: an <input> anywhere else (a form's) goes.
  ancestors: { input: ['li'] },
  // URLs are checked by safeUrl afterwards (rehypeMarkdownUrls); this only keeps the schemes it could allow.
  protocols: { href: ['http', 'https', 'mailto'], src: ['http', 'https', 'data'] },
  clobber: ['ariaDescribedBy', 'ariaLabelledBy', 'id', 'name'],
  clobberPrefix: 'user-content-',
  strip: ['script', 'style', 'template', 'noscript', 'textarea', 'title', 'xmp', 'iframe', 'object', 'embed', 'select', 'option', 'svg', 'math', 'head'],
  allowComments: false,
  allowDoctypes: false,
};

/**
 * After sanitising: every href and src passes safeUrl or is removed (a link keeps its text, an image without a usable
 * src is dropped), attribute values MDX checks are checked the same way (a bad one is removed), links opening a new
 * tab get rel="noopener noreferrer", and GFM footnote links point at their clobber-prefixed ids.
 */
export function rehypeMarkdownUrls() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      const p = node.properties ?? {};
      for (const [key, rule] of Object.entries(ATTRIBUTE_VALUE)) {
        const prop = HAST_PROPERTY[key] ?? key;
        if (prop === 'open' || p[prop] === undefined) continue;
        if (!rule.test.test(String(p[prop]))) delete p[prop];
      }
      if (typeof p.href === 'string') {
        if ((p.dataFootnoteRef !== undefined || p.dataFootnoteBackref !== undefined) && p.href.startsWith('#') && !p.href.startsWith('#user-content-')) p.href = `#user-content-${p.href.slice(1)}`;
        const r = safeUrl(p.href, 'link');
        if ('error' in r) delete p.href;
        else p.href = r.url;
      } else delete p.href;
      if (node.tagName === 'img') {
        const r = typeof p.src === 'string' ? safeUrl(p.src, 'image') : { error: 'no src' };
        if ('error' in r) {
          if (parent && typeof index === 'number') {
            parent.children.splice(index, 1);
            return [SKIP, index];
          }
        } else p.src = r.url;
      } else delete p.src;
      if (p.target !== undefined) p.rel = ['noopener', 'noreferrer'];
      node.properties = p;
      return undefined;
    });
  };
}
