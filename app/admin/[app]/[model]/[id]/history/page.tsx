// An object's history.
export { default, generateMetadata } from 'manifold/admin/views/pages/history';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
