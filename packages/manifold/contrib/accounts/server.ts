// The accounts app's server manifest: createsuperuser and changepassword, permissions and groups after migrate, and
// what the admin does around a User save.
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  commands: () => import('./commands'),
  postMigrate: () => import('./post-migrate'),
  adminHooks: './admin-hooks.ts',
  shell: () => import('./sessions'),
});
