// next-auth's configuration: email + password (credentials), GitHub and Google when configured. The JWT cookie only
// carries a session secret; the Session row it names decides, on every request, whether the session still holds.
import 'server-only';
import type { NextAuthOptions, Session, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { db } from '../../lib/db';
import { clientAddress } from '../../lib/http-guard.mjs';
import { logger } from '../../lib/log';
import { settings } from '../../lib/settings';
import { authSecret } from './secret';
import { createSession, endSession, SESSION_MAX_AGE_SECONDS, sessionUser } from './sessions';
import { authenticate } from './signin';
import { minutesOf, signInLimiter } from './rate-limit';
import { isSafeNext } from './auth';

/** The error code the login page turns into "too many attempts, try again in N minutes". */
export const TOO_MANY_ATTEMPTS = 'TooManyAttempts';

/** The configured OAuth providers' ids, for the sign-in page's buttons. */
export function oauthProviders(): ('github' | 'google')[] {
  const { github, google } = settings().oauth;
  return [...(github ? (['github'] as const) : []), ...(google ? (['google'] as const) : [])];
}

/**
 * The local user an OAuth identity signs in: the one linked to it before, else the active user whose email the
 * provider says is verified (then linked). Never a new user: accounts are made in the admin.
 */
export async function userForOAuth(provider: string, providerAccountId: string, verifiedEmail: string | null): Promise<number | null> {
  const linked = await db.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } }, select: { user: { select: { id: true, isActive: true } } } });
  if (linked) return linked.user.isActive ? linked.user.id : null;
  if (!verifiedEmail) return null;
  const user = await db.user.findUnique({ where: { email: verifiedEmail.trim().toLowerCase() }, select: { id: true, isActive: true } });
  if (!user || !user.isActive) return null;
  await db.account.upsert({ where: { provider_providerAccountId: { provider, providerAccountId } }, create: { provider, providerAccountId, userId: user.id }, update: {} });
  return user.id;
}

async function requestMeta(): Promise<{ userAgent: string; ip: string }> {
  try {
    const { headers } = await import('next/headers');
    const h = await headers();
    return { userAgent: h.get('user-agent') ?? '', ip: clientAddress(undefined, h.get('x-forwarded-for'), settings().trustedProxies) };
  } catch {
    return { userAgent: '', ip: '' };
  }
}

type OAuthUser = User & { verifiedEmail?: string | null };

export function authOptions(): NextAuthOptions {
  const { github, google } = settings().oauth;
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const ip = clientAddress(undefined, headers['x-forwarded-for'], settings().trustedProxies);
        const result = await authenticate(db, signInLimiter(), { email: credentials?.email, password: credentials?.password, ip });
        if (result.ok) return { id: String(result.userId) };
        if (result.reason === 'limited') {
          logger.warn('sign-in rate limited', { ip });
          // next-auth hands a thrown error's message to the page as ?error=…; the page words it.
          throw new Error(`${TOO_MANY_ATTEMPTS}:${minutesOf(result.retryAfterMs)}`);
        }
        return null;
      },
    }),
  ];
  if (github) {
    providers.push(
      GitHubProvider({
        clientId: github.id,
        clientSecret: github.secret,
        // GitHub's default picks the primary email even when unverified: only a verified one may match a user.
        userinfo: {
          url: 'https://api.github.com/user',
          async request({ client, tokens }) {
            const profile = (await client.userinfo(tokens.access_token!)) as Record<string, unknown>;
            const res = await fetch('https://api.github.com/user/emails', { headers: { Authorization: `token ${tokens.access_token}` } });
            const emails = res.ok ? ((await res.json()) as { email: string; primary: boolean; verified: boolean }[]) : [];
            return { ...profile, verifiedEmail: emails.find((e) => e.primary && e.verified)?.email ?? null } as import('next-auth').Profile;
          },
        },
        profile(profile: Record<string, unknown>): OAuthUser {
          return { id: String(profile.id), name: String(profile.name ?? profile.login ?? ''), email: null, verifiedEmail: (profile.verifiedEmail as string | null) ?? null };
        },
      }),
    );
  }
  if (google) {
    providers.push(
      GoogleProvider({
        clientId: google.id,
        clientSecret: google.secret,
        profile(profile): OAuthUser {
          return { id: profile.sub, name: profile.name, email: null, verifiedEmail: profile.email_verified ? profile.email : null };
        },
      }),
    );
  }
  return {
    secret: authSecret(),
    providers,
    // Credentials sign-in needs JWT sessions in next-auth 4; the JWT names a Session row (sessions.ts).
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/accounts/login', error: '/accounts/login', signOut: '/accounts/logout' },
    logger: {
      error: (code, meta) => logger.error(`next-auth: ${code}`, { meta: meta instanceof Error ? meta.message : String((meta as { message?: unknown })?.message ?? '') }),
      warn: (code) => logger.warn(`next-auth: ${code}`),
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.type === 'credentials') return true;
        const id = await userForOAuth(account.provider, account.providerAccountId, (user as OAuthUser).verifiedEmail ?? null);
        if (id === null) return '/accounts/login?error=OAuthNoUser';
        user.id = String(id);
        return true;
      },
      async jwt({ token, user, account }) {
        if (!user) return token;
        // Signing in: a fresh Session row; the JWT carries only its secret and the user's id.
        let userId = Number(user.id);
        if (account && account.type !== 'credentials') {
          userId = (await userForOAuth(account.provider, account.providerAccountId, (user as OAuthUser).verifiedEmail ?? null)) ?? NaN;
        }
        if (!Number.isInteger(userId)) throw new Error('Sign-in without a user');
        const sid = await createSession(db, userId, await requestMeta());
        if (account && account.type !== 'credentials') await db.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
        return { sub: String(userId), sid };
      },
      async session({ session, token }) {
        const user = typeof token.sid === 'string' ? await sessionUser(db, token.sid) : null;
        // An ended session answers as signed out (next-auth/react treats an empty object so).
        if (!user) return {} as Session;
        return { expires: session.expires, user: { name: user.name, email: user.email } };
      },
      async redirect({ url, baseUrl }) {
        if (isSafeNext(url)) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === new URL(baseUrl).origin) return url;
        } catch {
          /* not a URL: home */
        }
        return baseUrl;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(db, token.sid);
      },
    },
  };
}
