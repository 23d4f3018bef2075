import { describe, expect, it } from 'vitest';
import { parseThemeChoice, resolveTheme, themeBootScript, themeStorageKey } from './theme';

describe('parseThemeChoice', () => {
  it('keeps a known choice', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice('system')).toBe('system');
  });

  it('falls back to the system for nothing stored or anything unknown', () => {
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice(undefined)).toBe('system');
    expect(parseThemeChoice('Dark')).toBe('system');
    expect(parseThemeChoice('')).toBe('system');
  });
});

describe('resolveTheme', () => {
  it('follows the system only when asked to', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

/** Runs the boot script against a stand-in document, storage and media query; returns the theme it set. */
function boot(stored: string | null, systemDark: boolean, storageRefused = false): string | undefined {
  const attributes = new Map<string, string>();
  const localStorage = {
    getItem: (key: string) => {
      if (storageRefused) throw new Error('SecurityError');
      return key === themeStorageKey ? stored : null;
    },
  };
  const document = {
    documentElement: { setAttribute: (name: string, value: string) => attributes.set(name, value) },
  };
  const window = { matchMedia: () => ({ matches: systemDark }) };
  new Function('localStorage', 'document', 'window', themeBootScript)(localStorage, document, window);
  return attributes.get('data-theme');
}

describe('themeBootScript', () => {
  it('agrees with resolveTheme for every stored choice and system preference', () => {
    for (const stored of ['system', 'light', 'dark', null, 'bogus'])
      for (const systemDark of [true, false])
        expect(boot(stored, systemDark)).toBe(resolveTheme(parseThemeChoice(stored), systemDark));
  });

  it('lets the system decide when storage is refused', () => {
    expect(boot('light', true, true)).toBe('dark');
    expect(boot('dark', false, true)).toBe('light');
  });
});
