import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./globals.css', import.meta.url), 'utf8');

/** The `--name: #rrggbb` tokens declared in the block that opens with `selector {`. */
function tokens(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start === -1) throw new Error(`no ${selector} block in globals.css`);
  const block = css.slice(start, css.indexOf('}', start));
  return new Map(
    [...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text (foreground token) on the backgrounds it is drawn on; all are normal-size text, so 4.5:1. */
const pairs: [foreground: string, background: string, where: string][] = [
  ['text', 'bg', 'body text'],
  ['text', 'surface', 'tables, cards, forms'],
  ['text', 'surface-sunken', 'hovered rows, table heads'],
  ['text-muted', 'surface', 'labels, captions, muted cells'],
  ['text-muted', 'surface-sunken', 'table heads, nav links'],
  ['text-muted', 'bg', 'page summaries'],
  ['text-subtle', 'surface', 'hints, subtle cells, placeholders'],
  ['text-subtle', 'surface-sunken', 'hints in hovered rows'],
  ['text-subtle', 'bg', 'hints outside cards'],
  ['accent', 'surface', 'links in tables'],
  ['accent', 'bg', 'links in page text'],
  ['accent', 'surface-sunken', 'links in hovered rows'],
  ['accent-text', 'accent', 'primary buttons'],
  ['ok', 'ok-bg', 'ready/running badges'],
  ['warn', 'warn-bg', 'pending/starting badges'],
  ['bad', 'bad-bg', 'error badges, form-level errors'],
  ['info', 'info-bg', 'info severity'],
  ['bad', 'surface', 'field errors, realisation reasons'],
  ['bad', 'surface-sunken', 'errors in hovered rows'],
  ['surface', 'bad', 'confirm (danger) buttons'],
  ['text', 'warn-bg', 'notices'],
  ['text', 'bad-bg', 'bad notices'],
  ['mesh', 'surface', 'routing mesh labels'],
];

describe.each([
  ['light', ':root'],
  ['dark', ":root[data-theme='dark']"],
])('%s theme', (_name, selector) => {
  const palette = tokens(selector);

  it.each(pairs)('%s on %s (%s) reads at WCAG AA', (foreground, background) => {
    const fg = palette.get(foreground);
    const bg = palette.get(background);
    expect(fg, `--${foreground}`).toBeDefined();
    expect(bg, `--${background}`).toBeDefined();
    expect(contrast(fg ?? '', bg ?? '')).toBeGreaterThanOrEqual(4.5);
  });
});
