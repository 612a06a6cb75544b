// The media app's browser-safe manifest: the media library in the admin (uploads, variants, where each file is used).
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'media',
  verboseName: '미디어',
  description: 'Uploaded images: checked by content, EXIF stripped, resized variants, the library in the admin.',
  admin: () => import('./admin'),
});
