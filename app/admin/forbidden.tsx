// The admin's 403 (Next's forbidden(), when experimental.authInterrupts is on): see manifold/admin/views/errors.
export { AdminForbidden as default } from 'manifold/admin/views/errors';
