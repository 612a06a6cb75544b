// An object's delete confirmation.
export { default, generateMetadata } from 'manifold/admin/views/pages/delete';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
