/** What the operator picked: follow the system, or always light or dark. */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/** What the page shows; the root element's `data-theme` always holds one of these. */
export type Theme = 'light' | 'dark';

export const themeStorageKey = 'switchyard.theme';

export const systemDarkQuery = '(prefers-color-scheme: dark)';

/** Anything but a known choice (nothing stored, an old or tampered value) means "system". */
export function parseThemeChoice(stored: string | null | undefined): ThemeChoice {
  return themeChoices.find((choice) => choice === stored) ?? 'system';
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

/**
 * Runs in <head> before the body is parsed, so the first paint already has the right colours (no
 * light flash on a dark screen). Plain ES5 with the storage key inlined: it runs before any bundle.
 * Storage may be refused (privacy settings): then the system decides.
 */
export const themeBootScript = `(function(){var c=null;try{c=localStorage.getItem(${JSON.stringify(
  themeStorageKey,
)})}catch(e){}var d=c==='dark'||(c!=='light'&&window.matchMedia(${JSON.stringify(
  systemDarkQuery,
)}).matches);document.documentElement.setAttribute('data-theme',d?'dark':'light')})()`;
