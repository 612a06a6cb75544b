// A model's change list.
export { default, generateMetadata } from 'manifold/admin/views/pages/changelist';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
