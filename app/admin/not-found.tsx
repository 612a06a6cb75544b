// The admin's 404: an unknown app, model or object (manifold/admin/views/errors).
export { AdminNotFound as default } from 'manifold/admin/views/errors';
