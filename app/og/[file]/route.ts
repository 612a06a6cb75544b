// A post's Open Graph image: /og/<slug>.png?v=<version> (manifold/blog/og; the post head links it).
export { ogImageGet as GET } from 'manifold/blog/og';
