// /accounts/password-reset, from the accounts app.
export { default, metadata } from 'manifold/accounts/views/password-reset';

export const dynamic = 'force-dynamic';
