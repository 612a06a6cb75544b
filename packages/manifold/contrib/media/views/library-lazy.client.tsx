'use client';
// The library's browser half, loaded only by the library page: with one admin route for every page, a plain import
// would put it into every admin page's JavaScript (see contrib/admin/views/form-lazy.client.tsx).
import dynamic from 'next/dynamic';

export const LazyMediaLibrary = dynamic(() => import('./library.client').then((m) => m.MediaLibrary));
