// The admin's dashboard (manifold/admin/views/pages/dashboard).
export { default, generateMetadata } from 'manifold/admin/views/pages/dashboard';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
