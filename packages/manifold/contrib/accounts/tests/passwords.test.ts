// Password hashing: argon2id for new hashes, 0.2's bcrypt hashes ($2a$, $2b$) verified and flagged for upgrade, and an
// unknown account costing what a wrong password costs.
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { burnTime, hashPassword, passwordProblem, passwordProblemCode, verifyPassword } from '../passwords';

describe('passwords', () => {
  it('hashes with argon2id (19 MiB, 2 passes) and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('correct horse', stored)).toEqual({ ok: true, upgrade: false });
    expect(await verifyPassword('correct horsE', stored)).toEqual({ ok: false, upgrade: false });
    expect(await hashPassword('correct horse')).not.toBe(stored);
  });

  it('verifies the bcrypt hashes createsuperuser made in 0.2 ($2a$ and $2b$) and asks for an upgrade', async () => {
    const a = await bcrypt.hash('battery staple', 4);
    const b = a.replace(/^\$2a\$/, '$2b$');
    expect(a).toMatch(/^\$2[ab]\$04\$/);
    for (const stored of [a, b]) {
      expect(await verifyPassword('battery staple', stored)).toEqual({ ok: true, upgrade: true });
      expect(await verifyPassword('battery stapler', stored)).toEqual({ ok: false, upgrade: false });
    }
  });

  it('asks to re-hash an argon2id hash made with weaker parameters', async () => {
    const { hash } = await import('@node-rs/argon2');
    const weak = await hash('pw-12345678', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword('pw-12345678', weak)).toEqual({ ok: true, upgrade: true });
  });

  it('never matches a blank or foreign stored value', async () => {
    for (const stored of ['', 'plaintext', '$1$md5$xx', '$argon2id$broken']) expect((await verifyPassword('plaintext', stored)).ok).toBe(false);
  });

  it('the dummy check for an unknown email takes about as long as checking a real hash', async () => {
    const stored = await hashPassword('real password');
    await burnTime('warm');
    const time = async (f: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t = performance.now();
        await f();
        runs.push(performance.now() - t);
      }
      return runs.sort((x, y) => x - y)[3];
    };
    const real = await time(() => verifyPassword('wrong password', stored));
    const dummy = await time(() => burnTime('wrong password'));
    // Wide bounds: other test files share the two cores. The bug this catches answers an unknown email in ~0 ms
    // (ratio near 0), or hashes instead of verifying; equal cost is by construction (same parameters, one verify).
    expect(dummy / real).toBeGreaterThan(0.25);
    expect(dummy / real).toBeLessThan(4);
  });

  it('refuses short, numeric, email-like and over-long passwords', () => {
    expect(passwordProblem('short')).toMatch(/too short/);
    expect(passwordProblemCode('12345678')).toBe('numeric');
    expect(passwordProblemCode('ann@example.com', 'Ann@example.com')).toBe('email');
    expect(passwordProblemCode('가'.repeat(25))).toBe('long');
    expect(passwordProblemCode('correct horse')).toBeNull();
  });
});
