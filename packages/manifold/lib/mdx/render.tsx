// Renders a post's stored output: a hast tree (JSON) the compiler made, turned into React elements by
// hast-util-to-jsx-runtime. Nothing is evaluated: there is no code in the stored output to run. The tree is
// still not trusted (a row can be edited behind the compiler's back): it is rebuilt from an allow-list of the
// elements and properties the compiler emits, URLs are checked again and embed props are re-validated, so a
// tampered row renders inert. Output from an older compiler (JavaScript) is never run: the page shows a
// "needs recompiling" notice until `blog recompile` (run by `npm start`) has compiled the source again.
// Each embed is wrapped in an island marker so the browser bundle (lib/islands) can hydrate it; what an app's embed data
// resolver looked up for it (lib/embed-data.ts, resolved by the page's data loader) is its `data` prop.
import * as React from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { toJsxRuntime, type Components } from 'hast-util-to-jsx-runtime';
import { LRUCache } from 'lru-cache';
import type { Element, ElementContent, Properties, Root } from 'hast';
import type { EmbedRegistry, EmbedSchemas } from '../app';
import { EMBED_ELEMENT, READABLE_FORMATS, safeUrl } from './policy';

/** Elements the compiler emits: markdown and the author allow-list, KaTeX's HTML, MathML and SVG, and embed markers. */
const HTML = 'a abbr b blockquote br button code del details div em figcaption figure h1 h2 h3 h4 h5 h6 hr i img input kbd li mark ol p pre section small span strong sub summary sup table tbody td th thead tr u ul';
const MATHML = 'math semantics annotation mrow mi mo mn ms mtext mspace msup msub msubsup mfrac msqrt mroot mstyle mtable mtr mtd mover munder munderover mpadded mphantom menclose merror mglyph';
const SVG = 'svg path line rect g';
const ELEMENTS = new Set([...`${HTML} ${MATHML} ${SVG}`.split(' '), EMBED_ELEMENT]);

/** Properties the compiler emits (hast names), besides data* and aria* ones. */
const PROPERTIES = new Set(
  (
    'className id style href src alt title width height colSpan rowSpan align open target rel tabIndex start type checked disabled ' +
    'xmlns encoding display mathvariant stretchy fence separator lspace rspace accent accentUnder minSize maxSize movableLimits ' +
    'columnAlign rowAlign rowSpacing columnSpacing columnLines rowLines scriptLevel displayStyle depth voffset notation lineThickness mathBackground mathColor ' +
    'viewBox preserveAspectRatio d x y x1 x2 y1 y2 strokeWidth fill stroke ' +
    'name props app role hidden ' +
    // lib/mdx/images.ts: responsive images and their zoom popover.
    'srcSet sizes loading decoding popover popoverTarget'
  )
    .split(' ')
    // KaTeX's MathML reaches hast with lowercase names (columnalign, scriptlevel…).
    .flatMap((name) => [name, name.toLowerCase()]),
);

/** KaTeX and shiki write plain declarations (sizes, colours, custom properties); nothing that loads or runs. */
/**
 * Bounds of the bodies kept made (per process): by count, and by the length of their stored JSON (an estimate of what
 * the made body holds, its HTML and elements). 48 MB keeps about 2,000 posts of the sample blog's average size.
 */
export const BODIES_MAX_ENTRIES = 4000;
export const BODIES_MAX_BYTES = 48 * 1024 * 1024;
const SAFE_STYLE = /^[-\w\s:;.,#%()+*/'"!]*$/;
const UNSAFE_STYLE = /url\s*\(|image\s*\(|expression|javascript|behaviou?r|@import|\\/i;

type Value = Properties[string];

function safeValue(v: Value): boolean {
  if (typeof v === 'string' || typeof v === 'boolean' || v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)));
}

function cleanProperties(tagName: string, props: unknown): Properties | null {
  const out: Properties = {};
  if (!props || typeof props !== 'object') return out;
  for (const [key, value] of Object.entries(props as Record<string, Value>)) {
    if (/^on/i.test(key) || !safeValue(value)) continue;
    if (!PROPERTIES.has(key) && !/^(data|aria)([A-Z][A-Za-z]*|(-[a-z0-9]+)+)$/.test(key)) continue;
    if (key === 'style' && (typeof value !== 'string' || !SAFE_STYLE.test(value) || UNSAFE_STYLE.test(value))) continue;
    if (key.toLowerCase() === 'srcset') {
      // Each candidate's URL is checked like src; one bad candidate drops the attribute.
      const ok = typeof value === 'string' && value.split(',').every((c) => { const u = c.trim().split(/\s+/)[0] ?? ''; const r = safeUrl(u, 'image'); return u !== '' && !('error' in r); });
      if (ok) out[key] = value;
      continue;
    }
    if (key === 'href' || key === 'src') {
      const checked = typeof value === 'string' ? safeUrl(value, tagName === 'img' ? 'image' : 'link') : null;
      if (!checked || 'error' in checked) continue;
      out[key] = checked.url;
      continue;
    }
    out[key] = value;
  }
  if (tagName === 'input' && (out.type !== 'checkbox' || !out.disabled)) return null;
  if (out.target !== undefined) {
    if (out.target !== '_blank') delete out.target;
    else out.rel = ['noopener', 'noreferrer'];
  }
  return out;
}

/** Rebuilds the tree from what the compiler can produce; anything else is dropped with its subtree. */
function cleanChildren(children: unknown): ElementContent[] {
  if (!Array.isArray(children)) return [];
  const out: ElementContent[] = [];
  for (const child of children as Record<string, unknown>[]) {
    if (!child || typeof child !== 'object') continue;
    if (child.type === 'text' && typeof child.value === 'string') out.push({ type: 'text', value: child.value });
    else if (child.type === 'element' && typeof child.tagName === 'string' && ELEMENTS.has(child.tagName)) {
      const properties = cleanProperties(child.tagName, child.properties);
      if (!properties) continue;
      const element: Element = { type: 'element', tagName: child.tagName, properties, children: child.tagName === EMBED_ELEMENT ? [] : cleanChildren(child.children) };
      out.push(element);
    }
  }
  return out;
}

export type StoredOutput = { kind: 'tree'; tree: Root } | { kind: 'outdated' };

/**
 * Reads a stored output; anything not stamped with a readable format (old JavaScript, junk) is "outdated". An output
 * of the previous hast format is shown as it is until `recompile --outdated` brings it to the current markup.
 */
export function readStoredOutput(code: string): StoredOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(code);
  } catch {
    return { kind: 'outdated' };
  }
  const p = parsed as { format?: unknown; tree?: { type?: unknown; children?: unknown } } | null;
  if (!p || typeof p !== 'object' || typeof p.format !== 'string' || !READABLE_FORMATS.includes(p.format) || !p.tree || p.tree.type !== 'root') return { kind: 'outdated' };
  return { kind: 'tree', tree: { type: 'root', children: cleanChildren(p.tree.children) as Root['children'] } };
}

export { isCurrentOutput } from './policy';

/** The checked props of a stored embed marker, or undefined when they no longer pass its schema. */
function checkedProps(schemas: EmbedSchemas, name: string | undefined, props: string | undefined): Record<string, unknown> | undefined {
  const schema = name && Object.hasOwn(schemas, name) ? schemas[name] : undefined;
  if (!schema) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(props ?? '{}'));
    if (r.success) return r.data;
  } catch {}
  return undefined;
}

/** Where an embed's resolved data is kept: its name and checked props (the same embed twice shares one answer). */
export function embedDataKey(name: string, props: Record<string, unknown>): string {
  return `${name} ${JSON.stringify(props)}`;
}

/**
 * The embeds a stored output uses, with their checked props (each name+props once): what the page's data loader asks
 * the apps' embed data resolvers about (lib/embed-data.ts) before MdxBody renders.
 */
export function embedsOf(code: string, schemas: EmbedSchemas, cacheKey?: string): readonly EmbedUse[] {
  // With the post's key (id and version) the tree read for rendering is reused: parsing and checking it again on
  // every request was most of what a post's data loader did besides its queries. So are the embeds found in it:
  // walking every node of a long math post for them took about a millisecond a request.
  const found = cacheKey === undefined ? undefined : embedUses.get(cacheKey);
  if (found && found.code === code && found.schemas === schemas) return found.uses;
  const stored = cacheKey === undefined ? readStoredOutput(code) : storedOutput(cacheKey, code);
  if (stored.kind !== 'tree') return [];
  const out = new Map<string, EmbedUse>();
  const walk = (nodes: readonly unknown[]) => {
    for (const node of nodes as Element[]) {
      if (node.type !== 'element') continue;
      if (node.tagName === EMBED_ELEMENT) {
        const name = typeof node.properties.name === 'string' ? node.properties.name : undefined;
        const props = checkedProps(schemas, name, typeof node.properties.props === 'string' ? node.properties.props : undefined);
        if (name && props) out.set(embedDataKey(name, props), { name, props, key: embedDataKey(name, props) });
      } else walk(node.children);
    }
  };
  walk(stored.tree.children);
  const uses = [...out.values()];
  if (cacheKey !== undefined) embedUses.set(cacheKey, { code, schemas, uses });
  return uses;
}

type EmbedUse = { name: string; props: Record<string, unknown>; key: string };
/** The embeds found in a stored output (kept with it, by the post's key), for the schemas they were checked against. */
/** The embeds of each post (by id and version) as embedsOf found them: a few names each, kept as long as its body. */
const embedUses = new LRUCache<string, { code: string; schemas: EmbedSchemas; uses: readonly EmbedUse[] }>({ max: BODIES_MAX_ENTRIES });

/** Resolved embed data by embedDataKey(); JSON only (it travels to the browser in the island marker). */
export type EmbedData = Record<string, unknown>;

/**
 * The component an embed marker becomes. With `renderToString` (a prepared body), the island's content is its server
 * HTML made once per post version and embed data, rendered as a root of its own, as the browser has it
 * (lib/islands/client.ts makes a root on the marker): the same HTML but for useId's values, which inside the page
 * named the embed's place in it.
 */
function embedComponent(registry: EmbedRegistry, schemas: EmbedSchemas, data: EmbedData | undefined, renderToString?: (node: React.ReactNode) => string) {
  function Embed({ name, props, app }: { name?: string; props?: string; app?: string }) {
    const Component = name && Object.hasOwn(registry, name) ? registry[name] : undefined;
    const schema = name && Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    const tag = `<${name ?? '?'} />`;
    // Decided here, at render time, from the registry: installing the app again brings the demo back with no re-save.
    if (!Component || !schema) {
      return (
        <div className="embed embed-missing" role="note" data-missing-app={app}>
          {app
            ? `${tag} 데모는 '${app}' 앱이 설치되어 있지 않아 표시할 수 없습니다. (This demo needs the '${app}' app, which is not installed.)`
            : `${tag} 데모를 표시할 수 없습니다. (This demo is not available.)`}
        </div>
      );
    }
    const checked = checkedProps(schemas, name, props);
    // Props that no longer pass the embed's schema (the app changed, or the row was edited): a placeholder, never a crash.
    if (!checked) {
      return (
        <div className="embed embed-missing" role="note">
          {`${tag} 데모를 표시할 수 없습니다. (This demo's settings are no longer valid.)`}
        </div>
      );
    }
    // Data an app's resolver looked up for this embed (AppManifest.embedData) is its `data` prop, here and in the
    // browser: the island marker carries it beside the props, so hydration starts from the same state.
    const key = embedDataKey(name!, checked);
    const resolved = data && Object.hasOwn(data, key) ? data[key] : undefined;
    const island = <Component {...checked} {...(resolved === undefined ? {} : { data: resolved })} />;
    const marker = { className: 'embed', 'data-embed': name, 'data-props': JSON.stringify(checked), 'data-embed-data': resolved === undefined ? undefined : JSON.stringify(resolved) };
    if (renderToString) return <div {...marker} dangerouslySetInnerHTML={{ __html: renderToString(island) }} />;
    return <div {...marker}>{island}</div>;
  }
  return Embed;
}

/**
 * Stored trees as read (parsed and checked), by post id and version: what the elements are made from, and kept a while
 * for a page that needs them again before its elements are made. Bounded by the size of their JSON (the parsed tree
 * takes a few times that).
 */
const trees = new LRUCache<string, StoredOutput>({ max: 200, maxSize: 8 * 1024 * 1024 });
/**
 * The elements made from a stored tree, by the same key (post id and version), with what they were made for; `frozen`
 * when their static parts are already HTML (prepareMdxBody), which is then most of what they hold. Bounded by an
 * estimate of their size (the stored JSON's length, which the HTML of a body is below, plus the bytes of a static body
 * kept encoded), not by count: a long tail of
 * posts read now and then (issue 16's sweep over 1,000 posts) stays made instead of every read of a post beyond the
 * 200 most recent parsing and rendering its tree again.
 */
const elements = new LRUCache<string, { code: string; embeds: EmbedRegistry; schemas: EmbedSchemas; dataKey: string; element: React.ReactElement; frozen: boolean; html: string | null }>({ max: BODIES_MAX_ENTRIES, maxSize: BODIES_MAX_BYTES });
const embedComponents = new WeakMap<EmbedRegistry, WeakMap<EmbedSchemas, React.ComponentType<{ name?: string; props?: string; app?: string }>>>();

function embedFor(registry: EmbedRegistry, schemas: EmbedSchemas, data: EmbedData | undefined) {
  // With data the component is made per render (the data belongs to this page), without it kept per registry.
  if (data) return embedComponent(registry, schemas, data);
  let bySchemas = embedComponents.get(registry);
  if (!bySchemas) embedComponents.set(registry, (bySchemas = new WeakMap()));
  let Embed = bySchemas.get(schemas);
  if (!Embed) bySchemas.set(schemas, (Embed = embedComponent(registry, schemas, undefined)));
  return Embed;
}

/** The stored output of the post `cacheKey` names (its id and version), read and checked once. */
function storedOutput(cacheKey: string, code: string): StoredOutput {
  let stored = trees.get(cacheKey);
  if (!stored) {
    stored = readStoredOutput(code);
    trees.set(cacheKey, stored, { size: Math.max(1, code.length) });
  }
  return stored;
}

/**
 * Elements whose content is not turned into HTML ahead: <pre> and <textarea> (React writes a newline before inner HTML
 * that starts with one, not before children that do), SVG and MathML (their children are in another namespace).
 */
const KEEP_CHILDREN = new Set(['pre', 'textarea', 'svg', 'math']);

/**
 * Whether `node` renders the same wherever it stands: host elements and text only. Not an embed (a component: its
 * useId values depend on where it stands in the page, and its data on the request), not an eager <img> (React adds a
 * preload of the first ones without loading=lazy to the document's head; the media images a post shows are lazy).
 */
export function isStatic(node: React.ReactNode): boolean {
  if (node === null || node === undefined || typeof node === 'boolean' || typeof node === 'string' || typeof node === 'number') return true;
  if (Array.isArray(node)) return node.every(isStatic);
  if (!React.isValidElement(node) || typeof node.type !== 'string') return false;
  if (node.type === 'img' && (node.props as { loading?: unknown }).loading !== 'lazy') return false;
  return isStatic((node.props as { children?: React.ReactNode }).children);
}

/**
 * The same elements with every static element's content rendered to HTML once (dangerouslySetInnerHTML on the same
 * element, at the same place), so a request renders a post's few hundred top-level elements instead of its thousands
 * of KaTeX and highlighted-code spans. React writes the same bytes either way: the content is rendered by React, with
 * its separators between adjacent texts, and the element itself still by the page's render (tests/render.test.ts and
 * the blog's sample-posts test compare both ways). Embeds stay components, rendered per request where they stand.
 */
function freeze(node: React.ReactNode, renderToString: (node: React.ReactNode) => string): React.ReactNode {
  if (Array.isArray(node)) return node.map((n) => freeze(n, renderToString));
  if (!React.isValidElement(node) || (typeof node.type !== 'string' && node.type !== Fragment)) return node;
  const { children, ...props } = node.props as { children?: React.ReactNode } & Record<string, unknown>;
  const type = node.type as React.ElementType;
  const key = node.key ?? undefined;
  if (children === undefined || children === null || props.dangerouslySetInnerHTML) return node;
  if (type === Fragment) return jsx(type, { ...props, children: freeze(children, renderToString) }, key);
  if (KEEP_CHILDREN.has(type as string)) return node;
  if (isStatic(children)) return jsx(type, { ...props, dangerouslySetInnerHTML: { __html: renderToString(jsx(Fragment, { children })) } }, key);
  return jsx(type, { ...props, children: freeze(children, renderToString) }, key);
}

/** The tree with every element of the (prepared) `Embed` component replaced by what it renders: its marker, with HTML. */
function expandEmbeds(node: React.ReactNode, Embed: React.ComponentType<{ name?: string; props?: string; app?: string }>): React.ReactNode {
  if (Array.isArray(node)) return node.map((n) => expandEmbeds(n, Embed));
  if (!React.isValidElement(node)) return node;
  if (node.type === Embed) {
    const out = (Embed as (p: unknown) => React.ReactElement)(node.props);
    return node.key === null ? out : React.cloneElement(out, { key: node.key });
  }
  const { children } = node.props as { children?: React.ReactNode };
  if (children === undefined || children === null) return node;
  return React.cloneElement(node, undefined, expandEmbeds(children, Embed));
}

export type BodyInput = { cacheKey: string; code: string; embeds: EmbedRegistry; schemas: EmbedSchemas; data?: EmbedData };

/**
 * The body's elements, from the cache when made for the same version, registry and embed data; prepared, `html` is the
 * whole body as HTML when all of it is static (no embed, no eager image): what a wrapping element takes as its content.
 */
function bodyElement({ cacheKey, code, embeds, schemas, data }: BodyInput, renderToString: ((node: React.ReactNode) => string) | null): { element: React.ReactElement | null; html: string | null; made?: object } {
  const frozen = renderToString !== null;
  const dataKey = data ? JSON.stringify(data) : '';
  const made = elements.get(cacheKey);
  if (made && made.code === code && made.embeds === embeds && made.schemas === schemas && made.dataKey === dataKey && (made.frozen || !frozen)) return { element: made.element, html: made.html, made };
  const stored = storedOutput(cacheKey, code);
  if (stored.kind === 'outdated') return { element: null, html: null };
  const Embed = renderToString ? embedComponent(embeds, schemas, data, renderToString) : embedFor(embeds, schemas, data);
  const components = { [EMBED_ELEMENT]: Embed } as unknown as Partial<Components>;
  const fromTree = toJsxRuntime(stored.tree, { Fragment, jsx, jsxs, components, ignoreInvalidStyle: true, passKeys: true }) as React.ReactElement;
  // Prepared, each embed is its marker element with its island's HTML: host elements all through, static as the rest.
  const built = renderToString ? (expandEmbeds(fromTree, Embed) as React.ReactElement) : fromTree;
  const children = (built.props as { children?: React.ReactNode }).children;
  // All static: one string for the whole body, which the page then writes as one piece instead of element by element.
  const html = renderToString && built.type === Fragment && isStatic(children) ? renderToString(jsx(Fragment, { children })) : null;
  const element = renderToString ? (freeze(built, renderToString) as React.ReactElement) : built;
  const entry = { code, embeds, schemas, dataKey, element, frozen, html };
  // A whole static body is also kept encoded, as long as the entry lives (lib/server/direct-pages.mjs): counted here at
  // UTF-8's most, three bytes per UTF-16 unit, so the bound holds what the bodies really take.
  elements.set(cacheKey, entry, { size: Math.max(1, code.length + (html === null ? 0 : 3 * html.length)) });
  return { element, html, made: entry };
}

/**
 * Readies a post's body for MdxBody outside React's render (a page's data loader calls it, through lib/mdx/prepare.ts
 * which brings react-dom/server's renderToString): the elements made and their static parts rendered to HTML, kept by
 * the post's key (id and version) for every request after. Rendering them there, inside the page's own render, would
 * nest one React render in another; and this module, imported by views, must not import react-dom/server (Next
 * refuses it in a module a browser bundle or a route handler reaches).
 */
export function prepareBody(input: BodyInput, renderToString: (node: React.ReactNode) => string): void {
  bodyElement(input, renderToString);
}

/**
 * A post's body; with `className`, inside a <div> of that class (the post page's `.prose`), whose content is then the
 * prepared body's HTML in one piece when the whole body is static.
 */
/**
 * Set by what renders a page straight into bytes (lib/server/direct-pages.mjs), only while its renderToString runs
 * (React renders synchronously, so no other page's render sees it): a static body is then written as a mark it swaps
 * for the body's HTML encoded once per made body (`made`, the same object for every render of that version), instead
 * of the same HTML being encoded again on every request. Unset (Next's render, tests), the HTML is written as it is.
 */
type BodyBytes = { mark(html: string, made: object): string };

export function MdxBody({ className, ...input }: BodyInput & { className?: string }) {
  const { element, html, made } = bodyElement(input, null);
  if (!element) {
    const outdated = (
      <p className="post-outdated" role="note">
        이 글은 이전 버전의 컴파일러로 저장되어 다시 컴파일해야 합니다 (needs recompiling: <code>npm run manage -- blog recompile</code>).
      </p>
    );
    return className === undefined ? outdated : <div className={className}>{outdated}</div>;
  }
  // The React elements of a stored post are the same on every request for the same version, registry and embed data:
  // made once and reused (elements are immutable), since turning the tree into them (parsing every KaTeX inline
  // style included) was the largest single cost of rendering a post page (README, "The page cache": the miss path);
  // prepared (prepareMdxBody), their static parts are HTML already, and a body with no embed is one string.
  if (className === undefined) return element;
  if (html === null) return <div className={className}>{element}</div>;
  const bytes = (globalThis as { __manifoldBodyBytes?: BodyBytes }).__manifoldBodyBytes;
  return <div className={className} dangerouslySetInnerHTML={{ __html: bytes && made ? bytes.mark(html, made) : html }} />;
}
