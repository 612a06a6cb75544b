// The admin API the installed apps declare (manifold/admin/views/api-route): the editor's preview and autosave, uploads.
export { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } from 'manifold/admin/views/api-route';

export const dynamic = 'force-dynamic';
