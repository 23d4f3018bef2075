/** Milliseconds as the shortest readable seconds, for health-check timings: 5000 → "5", 1500 → "1.5". */
export function millisToSecondsText(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}

/** A typed number of seconds (decimals allowed) in whole milliseconds, or null if it is not a number. */
export function secondsTextToMillis(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 1000);
}

/** A typed whole number, or null. */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}
