// /accounts/password-reset/<token>, from the accounts app.
export { default, metadata } from 'manifold/accounts/views/password-reset-confirm';

export const dynamic = 'force-dynamic';
