// A post's whole text as HTML for a feed: its stored output (a hast tree, read and checked by lib/mdx/render.ts like
// the page does; nothing is compiled or run) made fit for a feed reader, which has none of the site's CSS or scripts.
// Math keeps only KaTeX's MathML (readers show it natively; the HTML rendering needs KaTeX's stylesheet and would read
// as garbled duplicate text), code keeps its light-theme colours as plain `color` and its language label (not its copy
// button), images lose the zoom popover,
// heading anchors go, every URL is absolute, and a demo (an island) becomes a link to the post, where it runs.
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { LRUCache } from 'lru-cache';
import { readStoredOutput } from '../../lib/mdx/render';
import { EMBED_ELEMENT } from '../../lib/mdx/policy';

const classes = (node: Element): string[] => {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? (c as string).split(/\s+/) : [];
};

/** The first descendant element named `tagName`, depth first. */
function find(node: Element, tagName: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tagName) return child;
    const inner = find(child, tagName);
    if (inner) return inner;
  }
  return undefined;
}

/** `url` against the post's address: relative paths and #fragments become absolute; absolute URLs stay. */
function absoluteUrl(url: string, base: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** A shiki token's light colour (`--shiki-light:#005CC5;--shiki-dark:…`) as the only style a feed keeps. */
function tokenColour(style: unknown): string | undefined {
  const m = typeof style === 'string' ? /--shiki-light:\s*(#[0-9a-fA-F]{3,8})\b/.exec(style) : null;
  return m ? `color:${m[1]}` : undefined;
}

function feedProperties(node: Element, base: string): Properties {
  const out: Properties = {};
  for (const [key, value] of Object.entries(node.properties)) {
    // Classes, data-*, popovers, image sizes for the site's column and tab stops mean nothing in a reader.
    if (key === 'className' || key === 'tabIndex' || key === 'popover' || key === 'popoverTarget' || key === 'sizes' || /^data(?:[A-Z]|-)/.test(key)) continue;
    if (key === 'style') {
      const colour = tokenColour(value);
      if (colour) out.style = colour;
      continue;
    }
    if ((key === 'href' || key === 'src') && typeof value === 'string') out[key] = absoluteUrl(value, base);
    else if (key === 'srcSet' && typeof value === 'string') {
      out.srcSet = value
        .split(',')
        .map((c) => c.trim().replace(/^\S+/, (u) => absoluteUrl(u, base)))
        .join(', ');
    } else out[key] = value;
  }
  return out;
}

function transform(nodes: readonly ElementContent[], base: string, demoNote: (base: string) => ElementContent): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type !== 'element') {
      out.push(node);
      continue;
    }
    const cls = classes(node);
    if (node.tagName === EMBED_ELEMENT) {
      out.push(demoNote(base));
      continue;
    }
    // KaTeX: <span class="katex-display"><span class="katex"><span class="katex-mathml"><math>… + the HTML rendering.
    if (node.tagName === 'span' && (cls.includes('katex') || cls.includes('katex-display'))) {
      const math = find(node, 'math');
      if (math) out.push(math);
      continue;
    }
    // The display-math scroll region and the code block's copy button (compiler format 2) are for the page: in a
    // reader the equation stands alone and there is no script to copy with. The language label stays.
    if (node.tagName === 'div' && cls.includes('math-display')) {
      out.push(...transform(node.children, base, demoNote));
      continue;
    }
    if (node.tagName === 'button' && cls.includes('code-copy')) continue;
    if (node.tagName === 'a' && cls.includes('heading-anchor')) continue;
    // lib/mdx/images.ts: <button popovertarget><img></button><span popover><img large></span>: the image alone.
    if (node.tagName === 'button' && cls.includes('media-zoom')) {
      out.push(...transform(node.children, base, demoNote));
      continue;
    }
    if (node.tagName === 'span' && node.properties.popover !== undefined) continue;
    out.push({ ...node, properties: feedProperties(node, base), children: transform(node.children, base, demoNote) });
  }
  return out;
}

/** The note a demo leaves in a feed: it runs on the post's page. */
function demoParagraph(postUrl: string): ElementContent {
  return {
    type: 'element',
    tagName: 'p',
    properties: {},
    children: [
      { type: 'element', tagName: 'em', properties: {}, children: [{ type: 'text', value: '이 자리의 인터랙티브 데모는 블로그에서 볼 수 있습니다 (this interactive demo runs on the blog): ' }] },
      { type: 'element', tagName: 'a', properties: { href: postUrl }, children: [{ type: 'text', value: postUrl }] },
    ],
  };
}

/** Rendered feed HTML by post id, version and address (a post's HTML is the same until it changes). */
const rendered = new LRUCache<string, string>({ max: 500 });

/**
 * The HTML a feed carries for a post, from its stored output; null when the output is from an older compiler and must
 * be recompiled (the feed then carries the excerpt). `postUrl` is the post's absolute address.
 */
export function feedHtml(post: { id: number; version: number; code: string }, postUrl: string): string | null {
  const key = `${post.id}:${post.version}:${postUrl}`;
  const kept = rendered.get(key);
  if (kept !== undefined) return kept;
  const stored = readStoredOutput(post.code);
  if (stored.kind !== 'tree') return null;
  const tree: Root = { type: 'root', children: transform(stored.tree.children as ElementContent[], postUrl, demoParagraph) as Root['children'] };
  const html = toHtml(tree);
  rendered.set(key, html);
  return html;
}
