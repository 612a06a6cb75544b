// The browser side of embeds: each [data-embed] element holds its server-rendered first state and its
// props; when it nears the viewport the app's embed chunk is loaded and React hydrates that element only.
import { createElement, type ComponentType } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { ISLANDS_CHANGED_EVENT } from './paths';

type Registry = Record<string, ComponentType<Record<string, unknown>>>;
type Loader = () => Promise<{ default: Registry }>;

/**
 * `loaders`: each installed app's embeds module, by app label (or a plain list); `embedApps`: each embed's app, by
 * embed name. With both, an embed loads only its own app's module: a post with one <ModelDemo /> fetches none of the
 * other apps' embed chunks. An embed no app claims loads them all, as a plain list does.
 */
export function startIslands(loaders: Loader[] | Readonly<Record<string, Loader>>, embedApps: Readonly<Record<string, string>> = {}) {
  const byApp = Array.isArray(loaders) ? null : (loaders as Readonly<Record<string, Loader>>);
  const all: Loader[] = Array.isArray(loaders) ? loaders : Object.values(loaders);
  let everything: Promise<Registry> | undefined;
  const perApp = new Map<string, Promise<Registry>>();
  const load = (name: string): Promise<Registry> => {
    const label = Object.hasOwn(embedApps, name) ? embedApps[name] : undefined;
    if (byApp && label && Object.hasOwn(byApp, label)) {
      let registry = perApp.get(label);
      if (!registry) perApp.set(label, (registry = byApp[label]().then((m) => m.default)));
      return registry;
    }
    return (everything ??= Promise.all(all.map((l) => l())).then((mods) => Object.assign({}, ...mods.map((m) => m.default)) as Registry));
  };

  const roots = new Map<HTMLElement, Root>();
  const waiting = new Set<HTMLElement>();
  const hydrate = async (el: HTMLElement) => {
    waiting.delete(el);
    const name = el.dataset.embed ?? '';
    const Component = (await load(name))[name];
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
