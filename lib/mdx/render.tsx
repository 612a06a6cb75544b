// Renders a post's stored, already-compiled MDX. Nothing is compiled here: the compiled module is
// evaluated once per post version and kept. Each embed is wrapped in an island marker so the browser
// bundle (lib/islands) can hydrate it; a post without embeds gets no JavaScript at all.
import * as React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import { LRUCache } from 'lru-cache';
import type { EmbedRegistry } from '../app';

type MdxComponent = React.ComponentType<{ components?: Record<string, React.ComponentType<never>> }>;

const evaluated = new LRUCache<string, MdxComponent>({ max: 200 });

/** mdx-bundler's output is a function body expecting React, ReactDOM and the JSX runtime in scope. */
function evaluate(code: string): MdxComponent {
  const fn = new Function('React', 'ReactDOM', '_jsx_runtime', code) as (...args: unknown[]) => { default: MdxComponent };
  return fn(React, {}, jsxRuntime).default;
}

const islands = new WeakMap<EmbedRegistry, Record<string, React.ComponentType<never>>>();

/** Wraps every embed in <div data-embed data-props>: the server renders its first state, the island hydrates it. */
function islandComponents(registry: EmbedRegistry) {
  let wrapped = islands.get(registry);
  if (!wrapped) {
    wrapped = {};
    for (const [name, Component] of Object.entries(registry)) {
      const Island = (props: Record<string, unknown>) => (
        <div className="embed" data-embed={name} data-props={JSON.stringify(props)}>
          <Component {...props} />
        </div>
      );
      Island.displayName = `Island(${name})`;
      wrapped[name] = Island as React.ComponentType<never>;
    }
    islands.set(registry, wrapped);
  }
  return wrapped;
}

/** The post's MDX component, evaluated once per post version (it is stable across renders by cacheKey). */
function postComponent(cacheKey: string, code: string): MdxComponent {
  let Component = evaluated.get(cacheKey);
  if (!Component) {
    Component = evaluate(code);
    evaluated.set(cacheKey, Component);
  }
  return Component;
}

export function MdxBody({ cacheKey, code, embeds }: { cacheKey: string; code: string; embeds: EmbedRegistry }) {
  return React.createElement(postComponent(cacheKey, code), { components: islandComponents(embeds) });
}
