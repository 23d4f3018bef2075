import type { Face, Measure } from '../layout/topology-text';

/**
 * Text measured as the browser draws it in the console's fonts (once per text and style), so labels
 * are cut where they really stop fitting; null where there is no document (the server).
 */
export function browserMeasure(): Measure | null {
  if (typeof document === 'undefined') return null;
  const context = document.createElement('canvas').getContext('2d');
  if (context === null) return null;
  const style = getComputedStyle(document.documentElement);
  const families: Record<Face, string> = {
    sans: style.getPropertyValue('--font').trim() || 'sans-serif',
    mono: style.getPropertyValue('--mono').trim() || 'monospace',
  };
  const widths = new Map<string, number>();
  return (text, size, face, weight) => {
    const key = `${weight}/${size}/${face}/${text}`;
    const known = widths.get(key);
    if (known !== undefined) return known;
    context.font = `${weight} ${size}px ${families[face]}`;
    // A little room for SVG's text rendering, which may differ from the canvas's by a pixel.
    const width = context.measureText(text).width * 1.03;
    widths.set(key, width);
    return width;
  };
}
