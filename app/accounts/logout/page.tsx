// /accounts/logout, from the accounts app.
export { default, metadata } from 'manifold/accounts/views/logout';

export const dynamic = 'force-dynamic';
