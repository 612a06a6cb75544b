'use client';
// The model pages' browser halves, loaded only by those pages: with one admin route for every page, a plain import
// would put the upload, the report and the signature form into every admin page's JavaScript. Rendered in the browser
// only (ssr: false): a drop zone or a file picker that is on the screen before React listens would swallow the files.
import dynamic from 'next/dynamic';

const loading = () => (
  <p className="mlm-status-line" role="status">
    불러오는 중… / Loading…
  </p>
);

export const LazyModelCreate = dynamic(() => import('./create.client').then((m) => m.ModelCreate), { ssr: false, loading });
export const LazyModelDetail = dynamic(() => import('./detail.client').then((m) => m.ModelDetail), { ssr: false, loading });
