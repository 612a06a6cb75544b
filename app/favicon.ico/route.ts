// The favicon browsers ask for by themselves (manifold/blog/icons; reader pages link the SVG icon too).
export { faviconGet as GET } from 'manifold/blog/icons';
