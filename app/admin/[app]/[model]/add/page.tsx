// A model's add form.
export { default, generateMetadata } from 'manifold/admin/views/pages/add';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
