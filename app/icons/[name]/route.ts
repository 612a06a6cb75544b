// The site's icons: /icons/icon.svg, /icons/apple-touch-icon.png, /icons/icon-192.png, /icons/icon-512.png.
export { iconGet as GET } from 'manifold/blog/icons';
