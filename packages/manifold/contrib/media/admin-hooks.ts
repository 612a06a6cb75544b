// The media app's admin hooks: the library page replaces the Media change list, and the /admin/api/media endpoints.
import type { AdminModelHooks } from '../../lib/app';
import { settings } from '../../lib/settings';
import { getCurrentUser } from '../accounts/auth';
import { mediaEndpoints } from './endpoints';
import { siteMediaDeps } from './site';

export const endpoints = mediaEndpoints({
  deps: siteMediaDeps,
  userId: async () => (await getCurrentUser())?.id ?? null,
  maxBytes: () => settings().media.maxBytes,
});

const hooks: Partial<Record<string, AdminModelHooks>> = {
  Media: {
    changeListView: () => import('./views/library-page'),
  },
};

export default hooks;
