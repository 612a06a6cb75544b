// Renamed settings (DEPRECATED_SETTINGS): the old name still sets the new one, with one warning per process, and the
// new name wins when both are set. The end-to-end path (a release that renames a variable, `manage check` in an
// installed site) is in upgrade.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_VARIABLES } from '../lib/settings';

// The once-per-process warning is module state: each test gets a fresh settings module, as a new process would,
// so whether an old name was already warned about never depends on which test ran before.
type SettingsModule = typeof import('../lib/server/settings.mjs');
let applyDeprecatedSettings: SettingsModule['applyDeprecatedSettings'];
let DEPRECATED_SETTINGS: SettingsModule['DEPRECATED_SETTINGS'];
let deprecatedSettingsInUse: SettingsModule['deprecatedSettingsInUse'];
let deprecationMessage: SettingsModule['deprecationMessage'];

const TABLE = { OLD_CACHE_MB: { replacement: 'NEW_CACHE_MB', since: '0.2.1', removedIn: '0.4.0' } };

describe('deprecated settings', () => {
  beforeEach(async () => {
    vi.resetModules();
    ({ applyDeprecatedSettings, DEPRECATED_SETTINGS, deprecatedSettingsInUse, deprecationMessage } = await import('../lib/server/settings.mjs'));
  });
  afterEach(() => vi.restoreAllMocks());

  it('gives the old value to the new name and warns once per process', () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    const env = { OLD_CACHE_MB: '8' };
    expect(applyDeprecatedSettings(env, TABLE)).toEqual({ OLD_CACHE_MB: '8', NEW_CACHE_MB: '8' });
    expect(env).toEqual({ OLD_CACHE_MB: '8' });
    applyDeprecatedSettings(env, TABLE);
    expect(writes).toEqual(['Warning: OLD_CACHE_MB is deprecated since manifold 0.2.1 and will be removed in 0.4.0: rename it to NEW_CACHE_MB.\n']);
  });

  it('lets the new name win when both are set, and ignores an empty old value', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(applyDeprecatedSettings({ OLD_CACHE_MB: '8', NEW_CACHE_MB: '16' }, TABLE).NEW_CACHE_MB).toBe('16');
    expect(deprecatedSettingsInUse({ OLD_CACHE_MB: '8', NEW_CACHE_MB: '16' }, TABLE)).toEqual([{ name: 'OLD_CACHE_MB', deprecation: TABLE.OLD_CACHE_MB, ignored: true }]);
    expect(deprecatedSettingsInUse({ OLD_CACHE_MB: '' }, TABLE)).toEqual([]);
    expect(applyDeprecatedSettings({ OTHER: '1' }, TABLE)).toEqual({ OTHER: '1' });
  });

  it('names replacement and removal release in its message; every old name of the real table is a declared variable', () => {
    expect(deprecationMessage('OLD_CACHE_MB', TABLE.OLD_CACHE_MB)).toContain('NEW_CACHE_MB');
    for (const [name, d] of Object.entries(DEPRECATED_SETTINGS)) {
      expect(SETTINGS_VARIABLES).toContain(name);
      expect(SETTINGS_VARIABLES).toContain(d.replacement);
      expect(d.removedIn).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
