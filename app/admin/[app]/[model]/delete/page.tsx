// The bulk delete confirmation.
export { default, generateMetadata } from 'manifold/admin/views/pages/bulk-delete';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
