// Every sign-in page (/accounts/login, logout, password-reset[/<token>], password-change, setup): the framework's
// accounts URLconf dispatches on the path (manifold/accounts/views/page).
export { default, generateMetadata } from 'manifold/accounts/views/page';

// Per-visitor pages: never prerendered or cached.
export const dynamic = 'force-dynamic';
