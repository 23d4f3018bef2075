/** The container bench's figures: medians, nearest-rank p95, and ms as a fixed-width column. */

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const low = sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
  return (low + (sorted[Math.floor(sorted.length / 2)] ?? NaN)) / 2;
}

/** Nearest rank: with 20 runs, the 19th. */
export function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(9);
