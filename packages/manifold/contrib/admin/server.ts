// The admin app's server manifest: its checks (ModelAdmin options that need the models' relations to work) and
// what `manage shell` puts under `admin` (the data layer: changeList, saveObject, … with a user you build).
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  checks: async () => (await import('./core/checks')).adminChecks(),
  shell: () => import('./core'),
});
