// /accounts/login, from the accounts app.
export { default, metadata } from 'manifold/accounts/views/login';

export const dynamic = 'force-dynamic';
