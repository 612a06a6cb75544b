// prepareMdxBody: a post's body readied before its page renders (lib/mdx/render.tsx prepareBody), with React's server
// renderer. For a page's data loader (getServerSideProps) only: Next refuses react-dom/server in a module a browser
// bundle or a route handler reaches, as views are.
import { renderToString } from 'react-dom/server';
import { prepareBody, type BodyInput } from './render';

/** The body's static parts rendered to HTML once per post version (id and version in `cacheKey`), for MdxBody. */
export function prepareMdxBody(input: BodyInput): void {
  prepareBody(input, renderToString);
}
