// The media app's admin hooks: the library page replaces the Media change list, and the /admin/api/media endpoints.
import { AdminValidationError, type AdminModelHooks } from '../../lib/app';
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
    // A Media row is made by an upload (checked, converted, stored), never typed into the generic add form.
    beforeSave: async ({ data, existing }) => {
      if (!existing) throw new AdminValidationError([{ field: null, message: '이미지는 미디어 라이브러리에서 올려 주세요 / Upload images in the media library' }]);
      return data;
    },
  },
};

export default hooks;
