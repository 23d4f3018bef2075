/**
 * The colour variables of globals.css the map draws with. Both painters use them: SVG as `var(--x)`,
 * the canvas resolved from the page's computed style, so light and dark stay in step with the console.
 */
export const tokens = [
  'surface',
  'surface-sunken',
  'border',
  'border-strong',
  'text',
  'text-muted',
  'text-subtle',
  'accent',
  'ok',
  'ok-bg',
  'warn',
  'warn-bg',
  'bad',
  'bad-bg',
  'info',
  'info-bg',
  'mesh',
] as const;
export type Token = (typeof tokens)[number];
