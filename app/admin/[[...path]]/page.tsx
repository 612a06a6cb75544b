// Every admin page: the framework's admin URLconf dispatches on the path (manifold/admin/views/page).
export { default, generateMetadata } from 'manifold/admin/views/page';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
