// The admin app's browser-safe manifest (Django's django.contrib.admin): the automatic admin at /admin, built from
// every installed app's ModelAdmin registrations, and its action log.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'admin',
  verboseName: '관리',
  description: 'The automatic admin at /admin and its action log.',
});
