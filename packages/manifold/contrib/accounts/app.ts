import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'accounts',
  verboseName: '계정',
  description: 'Users, roles and sign-in.',
});
