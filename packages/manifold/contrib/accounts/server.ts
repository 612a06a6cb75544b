// The accounts app's server manifest: permissions and groups after migrate, and what the admin does around a User save.
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  postMigrate: () => import('./post-migrate'),
  adminHooks: './admin-hooks.ts',
  shell: () => import('./sessions'),
});
