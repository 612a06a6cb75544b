// An object's change form.
export { default, generateMetadata } from 'manifold/admin/views/pages/change';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
