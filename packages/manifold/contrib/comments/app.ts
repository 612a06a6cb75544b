// The comments app's browser-safe manifest (Django's django_comments): readers' comments on posts, moderated in the admin.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'comments',
  verboseName: '댓글',
  description: "Readers' comments on posts: two levels, a safe Markdown subset, spam guards, a moderation queue in the admin.",
  admin: () => import('./admin'),
});
