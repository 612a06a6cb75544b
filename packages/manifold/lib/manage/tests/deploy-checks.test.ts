// `manage check --deploy` (lib/manage/deploy-checks.ts): each deployment check fires on an environment that has its
// mistake and is silent on a production-ready one; the command (in this process) prints them with their ids and
// hints and exits non-zero on an error, or on a warning with --fail-level WARNING.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../settings';
import { runManage } from '..';
import { deployChecks } from '../deploy-checks';
import { repoRoot } from './support';

const SECRET = '3f9c0a7be41d6c28590e1fa7b3c4d5e6f708192a3b4c5d6e';

/** Several instances on PostgreSQL, Redis and S3 behind nginx, configured as the README says. */
const MANY: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://manifold@db.internal:5432/manifold',
  REDIS_URL: 'redis://cache.internal:6379',
  MEDIA_STORAGE: 's3',
  S3_ENDPOINT: 'https://s3.example.com',
  S3_BUCKET: 'media',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
  SITE_URL: 'https://blog.example.com',
  AUTH_SECRET: SECRET,
  MANIFOLD_REVALIDATE_TOKEN: SECRET,
  CRON_SECRET: SECRET,
  MANIFOLD_TRUSTED_PROXIES: '10.0.0.1',
};
/** One machine: SQLite, local media, nginx in front. */
const ONE: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'file:./data/manifold.db',
  SITE_URL: 'https://blog.example.com',
  AUTH_SECRET: SECRET,
  MANIFOLD_REVALIDATE_TOKEN: SECRET,
  CRON_SECRET: SECRET,
  MANIFOLD_TRUSTED_PROXIES: '127.0.0.1',
  WEB_CONCURRENCY: '4',
};

const ids = (env: Record<string, string | undefined>, debug = false) =>
  deployChecks(loadSettings(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>, repoRoot), { debug }).map((m) => `${m.level} ${m.id}`);

describe('check --deploy', () => {
  it('is silent on a production-ready environment, for several instances and for one machine', () => {
    expect(ids(MANY)).toEqual([]);
    expect(ids(ONE)).toEqual([]);
  });

  // [what, the environment, the findings expected (level and id), in the order check prints them]
  const cases: [string, Record<string, string | undefined>, string[]][] = [
    ['NODE_ENV is not production', { ...ONE, NODE_ENV: 'development' }, ['WARNING security.W018']],
    ['no AUTH_SECRET on one machine', { ...ONE, AUTH_SECRET: undefined }, ['WARNING security.W101']],
    ['no AUTH_SECRET with several instances', { ...MANY, AUTH_SECRET: undefined }, ['ERROR security.E101']],
    ['a short AUTH_SECRET', { ...ONE, AUTH_SECRET: 'abcdefghijklmnopqrst' }, ['WARNING security.W103']],
    ['a repetitive AUTH_SECRET', { ...ONE, AUTH_SECRET: 'abababababababababababababababababab' }, ['WARNING security.W103']],
    ['no revalidation secret from the environment, one machine', { ...ONE, MANIFOLD_REVALIDATE_TOKEN: undefined }, ['WARNING security.W104']],
    ['no revalidation secret from the environment, several instances', { ...MANY, MANIFOLD_REVALIDATE_TOKEN: undefined }, ['ERROR security.E104']],
    ['no CRON_SECRET on Vercel', { ...MANY, VERCEL: '1', CRON_SECRET: undefined }, ['ERROR security.E105']],
    ['no CRON_SECRET on one machine', { ...ONE, CRON_SECRET: undefined }, ['INFO security.I105']],
    ['SITE_URL not set', { ...ONE, SITE_URL: undefined, MANIFOLD_TRUSTED_PROXIES: undefined }, ['WARNING security.W008', 'WARNING security.W012']],
    ['SITE_URL on plain http', { ...ONE, SITE_URL: 'http://blog.example.com', MANIFOLD_TRUSTED_PROXIES: undefined }, ['WARNING security.W008', 'WARNING security.W012']],
    ['no trusted proxy behind https', { ...ONE, MANIFOLD_TRUSTED_PROXIES: undefined }, ['WARNING security.W106']],
    ['no trusted proxy with several instances', { ...MANY, MANIFOLD_TRUSTED_PROXIES: undefined }, ['WARNING security.W106']],
    ['SQLite with several instances', { ...MANY, DATABASE_URL: 'file:./data/manifold.db' }, ['ERROR database.E101']],
    ['PostgreSQL without Redis', { ...ONE, DATABASE_URL: MANY.DATABASE_URL }, ['WARNING cache.W101']],
    ['local media with several instances', { ...MANY, MEDIA_STORAGE: 'local' }, ['WARNING media.W101']],
    ['local media on Vercel', { ...MANY, VERCEL: '1', MEDIA_STORAGE: 'local' }, ['ERROR media.E101']],
  ];
  it.each(cases)('%s', (_what, env, expected) => {
    expect(ids(env)).toEqual(expected);
  });

  it('flags MANIFOLD_DEBUG', () => {
    expect(ids(ONE, true)).toEqual(['WARNING security.W102']);
  });

  it('gives every finding a message and a hint', () => {
    const all = deployChecks(loadSettings({ NODE_ENV: 'development', VERCEL: '1', REDIS_URL: MANY.REDIS_URL, SITE_URL: 'http://x.example' }, repoRoot), { debug: true });
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const m of all) {
      expect(m.id).toMatch(/^[a-z]+\.[EWI]\d{3}$/);
      expect(m.id[m.id.indexOf('.') + 1]).toBe(m.level[0]);
      expect(m.message.length).toBeGreaterThan(20);
      expect(m.hint?.length).toBeGreaterThan(10);
    }
  });
});

describe('manage check --deploy, in this process', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  async function run(argv: string[], env: Record<string, string | undefined>) {
    for (const k of Object.keys({ ...MANY, ...ONE, VERCEL: '' })) delete process.env[k];
    for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
    process.env.MANIFOLD_ROOT = repoRoot;
    const out: string[] = [];
    const err: string[] = [];
    const code = await runManage(argv, { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('exits non-zero on an error, printing each finding with its id and hint', async () => {
    const r = await run(['check', '--deploy'], { ...MANY, DATABASE_URL: 'file:./data/manifold.db', AUTH_SECRET: undefined });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DATABASE_URL: \(database\.E101\) The database is SQLite/m);
    expect(r.stdout).toMatch(/^AUTH_SECRET: \(security\.E101\) /m);
    expect(r.stdout).toMatch(/^\tHINT: Set AUTH_SECRET to the same random string everywhere/m);
    expect(r.stderr).toContain('System check found');
  });

  it('exits 0 on warnings, and 1 on them with --fail-level WARNING', async () => {
    const env = { ...ONE, SITE_URL: 'http://blog.example.com' };
    const lenient = await run(['check', '--deploy'], env);
    expect(lenient.stdout).toContain('(security.W008)');
    expect(lenient.code).toBe(0);
    const strict = await run(['check', '--deploy', '--fail-level', 'WARNING'], env);
    expect(strict.code).toBe(1);
  });

  it('adds nothing without --deploy', async () => {
    const r = await run(['check'], { ...MANY, DATABASE_URL: 'file:./data/manifold.db', AUTH_SECRET: undefined });
    expect(r.stdout).not.toMatch(/security\.|database\.E101/);
  });
});
