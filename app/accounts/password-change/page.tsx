// /accounts/password-change, from the accounts app.
export { default, metadata } from 'manifold/accounts/views/password-change';

export const dynamic = 'force-dynamic';
