/** The SVG's own coordinates; CSS stretches it to the card's width. */
export const chartWidth = 300;
export const chartHeight = 90;

/** `M x y L x y …` for one line, broken where a value is missing; pure. */
export function linePath(values: (number | null)[], top: number): string {
  if (values.length === 0 || top <= 0) return '';
  const step = values.length > 1 ? chartWidth / (values.length - 1) : 0;
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = (index * step).toFixed(1);
    const y = (chartHeight - (value / top) * (chartHeight - 4) - 2).toFixed(1);
    path += `${drawing ? 'L' : 'M'}${x} ${y} `;
    drawing = true;
  });
  return path.trim();
}
