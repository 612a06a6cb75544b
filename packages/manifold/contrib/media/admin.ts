// How the admin shows the media app's model. Browser-safe (options only). The change list is replaced by the library
// grid (admin-hooks.ts changeListView); the generic change form edits the alt text and shows the rest read-only.
import type { ModelAdmin } from '../../lib/app';

const admin: ModelAdmin[] = [
  {
    model: 'Media',
    verboseName: '미디어 파일',
    verboseNamePlural: '미디어 파일',
    listDisplay: ['filename', 'alt', 'width', 'height', 'size', 'createdAt'],
    searchFields: ['filename', 'alt'],
    ordering: ['-createdAt', '-id'],
    readonlyFields: ['key', 'filename', 'mime', 'size', 'width', 'height', 'sha256', 'variants', 'uploadedById', 'createdAt'],
    fieldLabels: {
      filename: { ko: '파일 이름', en: 'File name' },
      alt: { ko: '대체 텍스트', en: 'Alt text' },
      key: { ko: '저장 키', en: 'Storage key' },
      mime: { ko: '형식', en: 'Type' },
      size: { ko: '크기(바이트)', en: 'Size (bytes)' },
      width: { ko: '너비', en: 'Width' },
      height: { ko: '높이', en: 'Height' },
      sha256: { ko: 'SHA-256', en: 'SHA-256' },
      variants: { ko: '변환본', en: 'Variants' },
      uploadedById: { ko: '올린 사람 번호', en: 'Uploaded by (id)' },
      createdAt: { ko: '올린 시각', en: 'Uploaded at' },
    },
  },
];

export default admin;
