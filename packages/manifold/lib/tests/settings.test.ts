import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../settings';
import { parseDatabaseUrl } from '../database-url';

describe('settings', () => {
  it('defaults to the SQLite file under data/ and port 3000', () => {
    const s = loadSettings({}, '/srv/site');
    expect(s.database).toEqual({ provider: 'sqlite', url: 'file:/srv/site/data/manifold.db', file: '/srv/site/data/manifold.db' });
    expect(s.port).toBe(3000);
    expect(s.siteUrl).toBe('http://localhost:3000');
  });

  it('reads a PostgreSQL URL field by field', () => {
    const t = parseDatabaseUrl('postgresql://blog:s%40cret@db.example.com:6543/manifold?sslmode=require');
    expect(t).toMatchObject({ provider: 'postgresql', host: 'db.example.com', port: 6543, user: 'blog', password: 's@cret', database: 'manifold', ssl: { mode: 'require' } });
  });

  it('explains a bad DATABASE_URL in one line', () => {
    for (const [url, text] of [
      ['mysql://localhost/x', 'must start with file: (SQLite) or postgresql://'],
      ['postgresql://localhost', 'names no database'],
      ['file:', 'names no file'],
    ]) {
      const err = (() => {
        try {
          loadSettings({ DATABASE_URL: url });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err).toBeInstanceOf(SettingsError);
      expect(err!.message).toContain(text);
      expect(err!.message).not.toContain('\n');
    }
  });

  it('rejects a port that is not a port', () => {
    expect(() => loadSettings({ PORT: 'eighty' })).toThrow(SettingsError);
    expect(() => loadSettings({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('resolves relative SQLite paths against the project', () => {
    expect(parseDatabaseUrl('file:./data/x.db', '/p')).toMatchObject({ file: path.resolve('/p/data/x.db') });
  });
});
