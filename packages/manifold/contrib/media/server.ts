// The media app's server manifest: its admin hooks (the library page, the /admin/api/media endpoints) and the
// extension point media.usage, through which other apps say where a file is used (the blog: posts).
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  permissions: {},
  adminHooks: './admin-hooks.ts',
  // dumpdata/loaddata carry the uploads (original and variants) with their rows.
  fixtureFiles: () => import('./fixture-files'),
  collects: ['media.usage'],
});
