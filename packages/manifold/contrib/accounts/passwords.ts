// Password hashing: argon2id for every new hash; bcrypt hashes made by 0.2's createsuperuser still verify and are
// replaced by argon2id at the next successful sign-in. A sign-in for an unknown email verifies against a dummy hash,
// so it takes as long as a wrong password.
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms here, cheap for a person, dear for a guesser. */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 8;
/** Longer passwords are refused: a megabyte-long one would make each sign-in attempt a denial of service. */
export const MAX_PASSWORD_BYTES = 72;

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2);
}

export const isArgon2id = (stored: string) => stored.startsWith('$argon2id$');
export const isBcrypt = (stored: string) => /^\$2[aby]\$\d\d\$/.test(stored);

/**
 * Whether `password` matches `stored`; `upgrade` when it matched a hash that is not argon2id with today's parameters
 * (the caller then stores hashPassword(password)). An empty or unknown stored form never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<{ ok: boolean; upgrade: boolean }> {
  if (isArgon2id(stored)) {
    const ok = await argon2Verify(stored, password).catch(() => false);
    const current = stored.startsWith(`$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`);
    return { ok, upgrade: ok && !current };
  }
  if (isBcrypt(stored)) {
    const ok = await bcrypt.compare(password, stored).catch(() => false);
    return { ok, upgrade: ok };
  }
  // No usable password (an OAuth-only user, a blank hash): spend the same time, then refuse.
  await burnTime(password);
  return { ok: false, upgrade: false };
}

let dummy: Promise<string> | undefined;
/** Verifies against a hash of nothing anyone typed, so an unknown email costs what a wrong password costs. */
export async function burnTime(password: string): Promise<void> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  await argon2Verify(await dummy, password).catch(() => false);
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return `This password is too long (over ${MAX_PASSWORD_BYTES} bytes).`;
  if (/^\d+$/.test(password)) return 'This password is entirely numeric.';
  if (email && password.toLowerCase() === email.toLowerCase()) return 'The password is the same as the email address.';
  return null;
}

/** The same checks as a code, for the sign-in pages to word in the reader's language. */
export function passwordProblemCode(password: string, email?: string): 'short' | 'long' | 'numeric' | 'email' | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'short';
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return 'long';
  if (/^\d+$/.test(password)) return 'numeric';
  if (email && password.toLowerCase() === email.toLowerCase()) return 'email';
  return null;
}

/** Emails are compared as typed lowercase, so "Ann@x.org" and "ann@x.org" are one account. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}
