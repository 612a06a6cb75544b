// The blog app's browser-safe manifest; its commands and shell scope are in server.ts.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'blog',
  verboseName: '블로그',
  description: 'Categories, posts and tags; the reader pages.',
  admin: () => import('./admin'),
});
