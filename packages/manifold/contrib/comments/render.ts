// A comment's Markdown as the HTML readers see: a small subset (paragraphs, emphasis, code, quotes, lists, links),
// never raw HTML or MDX. remark parses (raw HTML is turned into text, and remark-rehype would drop it anyway without
// allowDangerousHtml), rehype-sanitize keeps only the allow-list below, and every link gets rel="nofollow ugc noopener".
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { type Options as SanitizeSchema } from 'rehype-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** The elements a comment may contain, and the attributes each keeps; anything else goes (its text stays). */
export const COMMENT_SCHEMA: SanitizeSchema = {
  tagNames: ['p', 'br', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'],
  attributes: { a: ['href'], ol: ['start'] },
  protocols: { href: ['http', 'https', 'mailto'] },
  // Elements whose content must go with them, not be kept as text (there are none in Markdown without raw HTML, but
  // the schema is the last word whatever the tree holds).
  strip: ['script', 'style'],
  clobberPrefix: '',
  required: {},
  ancestors: { li: ['ol', 'ul'] },
};

/** Links: only to other sites' pages and mail, and said not to be endorsed (rel), never opening a window handle. */
function rehypeCommentLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a') return;
      node.properties = { ...node.properties, rel: ['nofollow', 'ugc', 'noopener'] };
    });
  };
}

/**
 * What Markdown allows beyond the subset, made plain: raw HTML shows as the text it is (a `<script>` reads as written,
 * and does nothing), an image as its alt text (a comment makes no request to another site), a heading as a bold line
 * (headings shout in a thread, and would join the page's outline).
 */
function remarkCommentSubset() {
  return (tree: import('mdast').Root) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      let replacement: import('mdast').RootContent | null = null;
      if (node.type === 'html') replacement = parent.type === 'root' ? { type: 'paragraph', children: [{ type: 'text', value: node.value }] } : { type: 'text', value: node.value };
      else if (node.type === 'image' || node.type === 'imageReference') replacement = { type: 'text', value: node.alt ?? '' };
      else if (node.type === 'heading') replacement = { type: 'paragraph', children: [{ type: 'strong', children: node.children }] };
      if (!replacement) return;
      (parent.children as import('mdast').RootContent[])[index] = replacement;
      return [SKIP, index];
    });
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkCommentSubset)
  // No allowDangerousHtml: raw HTML in the Markdown never reaches the HTML tree.
  .use(remarkRehype)
  .use(rehypeSanitize, COMMENT_SCHEMA)
  .use(rehypeCommentLinks);

/** The comment's HTML: safe to put into a page as is. */
export function renderCommentHtml(markdown: string): string {
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  return toHtml(tree).trim();
}

/** How many addresses a body names (links and bare URLs alike): spam is mostly links. */
export function countLinks(markdown: string): number {
  return (markdown.match(/(?:https?:\/\/|www\.|mailto:)/gi) ?? []).length;
}
