// An object's old-style address: sent on to its change form.
export { default } from 'manifold/admin/views/pages/object';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
