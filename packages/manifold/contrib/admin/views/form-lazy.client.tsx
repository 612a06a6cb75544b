'use client';
// The change form's browser half, loaded only by the pages that show a form: with one admin route for every page, a
// plain import would put the form, the autocomplete and the slug function into every admin page's JavaScript.
import dynamic from 'next/dynamic';

export const LazyChangeForm = dynamic(() => import('./form.client').then((m) => m.ChangeForm));
