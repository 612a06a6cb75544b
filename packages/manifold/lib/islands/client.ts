// The browser side of embeds: each [data-embed] element holds its server-rendered first state and its
// props; when it nears the viewport the app's embed chunk is loaded and React hydrates that element only.
import { createElement, type ComponentType } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { ISLANDS_CHANGED_EVENT } from './paths';

type Registry = Record<string, ComponentType<Record<string, unknown>>>;
type Loader = () => Promise<{ default: Registry }>;

export function startIslands(loaders: Loader[]) {
  let registry: Promise<Registry> | undefined;
  const load = () =>
    (registry ??= Promise.all(loaders.map((l) => l())).then((mods) => Object.assign({}, ...mods.map((m) => m.default)) as Registry));

  const roots = new Map<HTMLElement, Root>();
  const waiting = new Set<HTMLElement>();
  const hydrate = async (el: HTMLElement) => {
    waiting.delete(el);
    const name = el.dataset.embed ?? '';
    const Component = (await load())[name];
    if (!Component || !el.isConnected) return;
    let props: Record<string, unknown> = {};
    try {
      props = JSON.parse(el.dataset.props ?? '{}');
      // What the app's embed data resolver found for it on the server (lib/mdx/render.tsx), its `data` prop.
      if (el.dataset.embedData !== undefined) props = { ...props, data: JSON.parse(el.dataset.embedData) };
    } catch {}
    roots.set(el, hydrateRoot(el, createElement(Component, props)));
    el.dataset.hydrated = 'true';
  };

  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              observer!.unobserve(entry.target);
              void hydrate(entry.target as HTMLElement);
            }
          },
          { rootMargin: '300px 0px' },
        )
      : null;
  const seen = new WeakSet<HTMLElement>();
  const scan = () => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-embed]')) {
      if (seen.has(el)) continue;
      seen.add(el);
      if (!observer) {
        void hydrate(el);
        continue;
      }
      waiting.add(el);
      observer.observe(el);
    }
  };
  scan();
  // A page whose content is replaced after load (the post editor's preview frame) says so with this event: embeds
  // that left the page are unmounted, new ones hydrate like the first ones.
  document.addEventListener(ISLANDS_CHANGED_EVENT, () => {
    for (const [el, root] of roots) {
      if (el.isConnected) continue;
      roots.delete(el);
      root.unmount();
    }
    for (const el of waiting) {
      if (el.isConnected) continue;
      waiting.delete(el);
      observer?.unobserve(el);
    }
    scan();
  });
}
