// The browser side of embeds: each [data-embed] element holds its server-rendered first state and its
// props; when it nears the viewport the app's embed chunk is loaded and React hydrates that element only.
import { createElement, type ComponentType } from 'react';
import { hydrateRoot } from 'react-dom/client';

type Registry = Record<string, ComponentType<Record<string, unknown>>>;
type Loader = () => Promise<{ default: Registry }>;

export function startIslands(loaders: Loader[]) {
  let registry: Promise<Registry> | undefined;
  const load = () =>
    (registry ??= Promise.all(loaders.map((l) => l())).then((mods) => Object.assign({}, ...mods.map((m) => m.default)) as Registry));

  const hydrate = async (el: HTMLElement) => {
    const name = el.dataset.embed ?? '';
    const Component = (await load())[name];
    if (!Component) return;
    let props: Record<string, unknown> = {};
    try {
      props = JSON.parse(el.dataset.props ?? '{}');
    } catch {}
    hydrateRoot(el, createElement(Component, props));
    el.dataset.hydrated = 'true';
  };

  const elements = Array.from(document.querySelectorAll<HTMLElement>('[data-embed]'));
  if (!('IntersectionObserver' in window)) {
    elements.forEach(hydrate);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        void hydrate(entry.target as HTMLElement);
      }
    },
    { rootMargin: '300px 0px' },
  );
  elements.forEach((el) => observer.observe(el));
}
