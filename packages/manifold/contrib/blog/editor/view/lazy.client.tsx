'use client';
// The editor's browser halves, each loaded only by the page that shows it: the admin is one route for every page, so a
// plain import from a server view would put the editor (and the revisions page's button) into every admin page's
// JavaScript — the change lists' included (see contrib/admin/views/form-lazy.client.tsx).
import dynamic from 'next/dynamic';

export const LazyPostEditor = dynamic(() => import('./editor.client').then((m) => m.PostEditor));
export const LazyNewPostForm = dynamic(() => import('./new-post.client').then((m) => m.NewPostForm));
export const LazyRestoreButton = dynamic(() => import('./restore.client').then((m) => m.RestoreButton));
