// The accounts app's browser-safe manifest: users, groups and permissions in the admin; sign-in and hooks are server-side.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'accounts',
  verboseName: '계정',
  description: 'Users, groups, permissions and sign-in.',
  admin: () => import('./admin'),
});
