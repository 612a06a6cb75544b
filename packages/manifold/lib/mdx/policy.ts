// What a post may contain, shared by the compiler (which refuses the rest with line and column) and the
// renderer (which re-checks every stored tree, so a tampered row renders inert). No React, no app imports.

/** HTML elements an author may write inline, each with the attributes it may carry (all string-valued). */
export const AUTHOR_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title', 'target'],
  abbr: ['title'],
  b: [],
  br: [],
  code: [],
  del: [],
  details: ['open'],
  div: [],
  em: [],
  figcaption: [],
  figure: [],
  hr: [],
  i: [],
  img: ['src', 'alt', 'width', 'height', 'title'],
  kbd: [],
  mark: [],
  p: [],
  pre: [],
  small: [],
  span: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'],
  thead: [],
  tr: [],
  u: [],
};

/** hast property names of the attributes above (hast spells them the DOM way). */
export const HAST_PROPERTY: Readonly<Record<string, string>> = { colspan: 'colSpan', rowspan: 'rowSpan' };

/** What each attribute's value must look like; a URL is checked by safeUrl instead. */
export const ATTRIBUTE_VALUE: Readonly<Record<string, { test: RegExp; expects: string }>> = {
  width: { test: /^\d{1,4}%?$/, expects: 'a number of pixels (or a percentage)' },
  height: { test: /^\d{1,4}%?$/, expects: 'a number of pixels (or a percentage)' },
  colspan: { test: /^[1-9]\d{0,2}$/, expects: 'a whole number from 1 to 999' },
  rowspan: { test: /^[1-9]\d{0,2}$/, expects: 'a whole number from 1 to 999' },
  align: { test: /^(left|center|right)$/, expects: 'left, center or right' },
  target: { test: /^_blank$/, expects: '"_blank" (links that open in a new tab get rel="noopener noreferrer")' },
  open: { test: /^(|open)$/, expects: 'no value (<details open>)' },
};

export const URL_ATTRIBUTES = new Set(['href', 'src']);

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const SAFE_IMAGE_DATA = /^data:image\/(png|jpeg|webp|gif)[;,]/i;

/**
 * Returns the URL to emit, or why it is refused. Browsers drop tabs and newlines anywhere in a URL and
 * control characters and spaces around it before reading the scheme, so `jav&#x09;ascript:` is javascript:;
 * such characters are refused outright rather than guessed at.
 */
export function safeUrl(raw: string, kind: 'link' | 'image'): { url: string } | { error: string } {
  if (/[\u0000-\u001f\u007f-\u009f]/.test(raw)) return { error: 'a URL may not contain tabs, newlines or control characters' };
  const url = raw.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // A colon before the first / ? # would still be read as a scheme by some parser; a relative URL never has one.
    if (/^[^/?#]*:/.test(url)) return { error: `"${url.slice(0, 40)}" is not a URL a post may use` };
    return { url };
  }
  if (SAFE_SCHEMES.has(scheme)) return { url };
  if (scheme === 'data' && kind === 'image' && SAFE_IMAGE_DATA.test(url)) return { url };
  const allowed = kind === 'image' ? 'http(s), a relative path or data:image/png|jpeg|webp|gif' : 'http(s), mailto:, a relative path or #anchor';
  return { error: `${scheme}: URLs are not allowed (use ${allowed})` };
}

/** Attribute names refused with their own reason, before the allow-list is consulted. */
export function refusedAttributeReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'dangerouslysetinnerhtml') return 'dangerouslySetInnerHTML is not allowed in posts';
  if (lower === 'ref' || lower === 'key') return `${name} is not allowed in posts`;
  if (lower.startsWith('on')) return `event handler attributes (${name}) are not allowed in posts`;
  if (lower === 'style') return 'style attributes are not allowed in posts; the site styles posts';
  if (lower === 'class' || lower === 'classname') return 'class names are not allowed in posts; the site styles posts';
  return undefined;
}

/** KaTeX commands that make links, load images or write attributes; refused even though trust is off. */
export const UNTRUSTED_TEX = /\\(href|url|includegraphics|htmlData|htmlClass|htmlId|htmlStyle)(?![a-zA-Z])/;

/** The name of the element the compiler emits for an embed; the renderer turns it into an island. */
export const EMBED_ELEMENT = 'manifold-embed';

/**
 * Stamped on every stored output; anything else is from an older compiler and is recompiled (`loadcontent`, run by
 * `npm start`, and `blog recompile --outdated`). Bump it whenever the compiler's markup changes, so stored posts pick
 * the change up. 2: code block headers (language, copy button), high-contrast shiki themes, display math scroll regions.
 */
export const OUTPUT_FORMAT = 'manifold-hast/2';

/** Stored formats the renderer still shows while they wait to be recompiled: their trees use only allow-listed parts. */
export const READABLE_FORMATS: readonly string[] = ['manifold-hast/1', OUTPUT_FORMAT];

/** True when a stored output came from the current compiler; older rows (JavaScript) are recompiled at start-up. */
export function isCurrentOutput(code: string): boolean {
  return code.startsWith(CURRENT_OUTPUT_PREFIX);
}

/** How every current output starts (JSON.stringify keeps key order), for a database query that finds the others. */
export const CURRENT_OUTPUT_PREFIX = `{"format":"${OUTPUT_FORMAT}"`;
