// Any deeper admin address: the admin's 404 (after the same door as every admin page).
export { default } from 'manifold/admin/views/pages/unknown';

// Per-user pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
