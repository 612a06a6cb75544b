// Parts of a reader page that are the same on every request for the same kept data (a post's header, contents,
// series box, tags, share links, neighbours, related posts: views/post.tsx), rendered to HTML once and then written
// as one element each, as the sidebar (frame.tsx) and the post body's static parts (lib/mdx/render.tsx) are.
// The first render of a part for a kept value (frozen: contrib/blog/memo.ts keeps it until content changes) renders
// it as elements and records them; the page loader's next call for that value (pages.ts, prepareParts) renders the
// recorded elements with React's renderToString, outside any render (Next refuses react-dom/server in a view module,
// and one render inside another is avoided); the renders after that write the HTML. Only parts made of host elements
// and text (no component: a component may read a context or useId, which depend on where it stands) are recorded.
import { createElement, Fragment, type ReactNode } from 'react';
import { isStatic } from '../../../lib/mdx/render';

interface Part {
  children: ReactNode;
  html?: string;
}

/** Per kept value, its parts by name (language and whatever else the part depends on, in the name). */
const parts = new WeakMap<object, Map<string, Part>>();

/**
 * `<tag {...props}>{children}</tag>`, with `children` written as the HTML prepared for `owner`'s part `name` once
 * there is some. `owner` is the kept value the part is made from; a value not kept (not frozen) is rendered as it is.
 */
export function PreparedPart({ owner, name, tag, props, children }: { owner: object; name: string; tag: string; props: Record<string, unknown>; children: ReactNode }) {
  const kept = Object.isFrozen(owner);
  const part = kept ? parts.get(owner)?.get(name) : undefined;
  if (part?.html !== undefined) return createElement(tag, { ...props, dangerouslySetInnerHTML: { __html: part.html } });
  if (kept && !part && isStatic(children)) {
    let byName = parts.get(owner);
    if (!byName) parts.set(owner, (byName = new Map()));
    byName.set(name, { children });
  }
  return createElement(tag, props, children);
}

/** Renders to HTML the parts recorded for `owner` and not prepared yet (a page loader calls it; see above). */
export function prepareParts(owner: object, renderToString: (node: ReactNode) => string): void {
  for (const part of parts.get(owner)?.values() ?? []) if (part.html === undefined) part.html = renderToString(createElement(Fragment, null, part.children));
}
