// One app's models in the admin.
export { default, generateMetadata } from 'manifold/admin/views/pages/app-index';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
