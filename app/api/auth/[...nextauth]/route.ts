// Sign-in, sign-out, session and OAuth callbacks (next-auth), from the accounts app.
export { GET, POST } from 'manifold/accounts/route';

export const dynamic = 'force-dynamic';
