'use client';
// The model pages' browser halves, loaded only by those pages: with one admin route for every page, a plain import
// would put the upload, the report and the signature form into every admin page's JavaScript.
import dynamic from 'next/dynamic';

export const LazyModelCreate = dynamic(() => import('./create.client').then((m) => m.ModelCreate));
export const LazyModelDetail = dynamic(() => import('./detail.client').then((m) => m.ModelDetail));
