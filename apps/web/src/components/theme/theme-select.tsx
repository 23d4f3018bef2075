'use client';

import { useEffect, useSyncExternalStore, type ChangeEvent } from 'react';
import {
  parseThemeChoice,
  resolveTheme,
  systemDarkQuery,
  themeChoices,
  themeStorageKey,
  type ThemeChoice,
} from './theme';

const labels: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Same-tab changes; other tabs are told by the `storage` event. */
const changeEvent = 'switchyard-theme-change';

/** Where storage is refused the choice still holds for this page. */
let unstoredChoice: ThemeChoice = 'system';

function readChoice(): ThemeChoice {
  try {
    return parseThemeChoice(window.localStorage.getItem(themeStorageKey));
  } catch {
    return unstoredChoice;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(changeEvent, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(changeEvent, onChange);
  };
}

function choose(choice: ThemeChoice): void {
  unstoredChoice = choice;
  try {
    window.localStorage.setItem(themeStorageKey, choice);
  } catch {
    // Remembered for this page only; the choice still applies.
  }
  window.dispatchEvent(new Event(changeEvent));
}

/**
 * System, light or dark, remembered in localStorage. The boot script in the root layout applied it
 * before the first paint; this keeps `data-theme` in step with later choices and, on "system", with
 * the system's own switches.
 */
export function ThemeSelect() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => 'system' as const);

  useEffect(() => {
    const media = window.matchMedia(systemDarkQuery);
    const apply = () =>
      document.documentElement.setAttribute('data-theme', resolveTheme(choice, media.matches));
    apply();
    if (choice !== 'system') return;
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [choice]);

  return (
    <select
      className="theme-select"
      aria-label="Theme"
      value={choice}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => choose(parseThemeChoice(event.target.value))}
    >
      {themeChoices.map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </select>
  );
}
