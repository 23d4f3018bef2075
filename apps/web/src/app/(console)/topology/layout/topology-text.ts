/** The typefaces the map uses. */
export type Face = 'sans' | 'mono';

/** How wide a text is drawn, in world units. */
export type Measure = (text: string, size: number, face: Face, weight: number) => number;

// Generous averages (DejaVu, the widest usual fallback): where the browser cannot measure, an
// estimate that errs on the short side, so a label never overflows its room.
const emWidth: Record<Face, number> = { sans: 0.64, mono: 0.62 };

export const estimate: Measure = (text, size, face) => text.length * size * emWidth[face];

/** `text`, or the longest start of it that fits in `width` followed by an ellipsis. */
export function fitText(
  text: string,
  width: number,
  size: number,
  face: Face,
  measure: Measure = estimate,
  weight = 400,
): string {
  if (measure(text, size, face, weight) <= width) return text;
  for (let length = text.length - 1; length > 0; length -= 1) {
    const cut = `${text.slice(0, length)}…`;
    if (measure(cut, size, face, weight) <= width) return cut;
  }
  return '';
}
