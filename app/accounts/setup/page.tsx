// /accounts/setup, from the accounts app.
export { default, metadata } from 'manifold/accounts/views/setup';

export const dynamic = 'force-dynamic';
