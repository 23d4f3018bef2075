/** The summary of a run's frame intervals (ms). */
export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Share of intervals longer than one 60 Hz frame (16.7 ms), and than 50 ms. */
  over16: number;
  over50: number;
}

export function frameStats(intervals: readonly number[]): FrameStats {
  const sorted = intervals.toSorted((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? Number.NaN;
  const share = (limit: number) =>
    sorted.length === 0 ? 0 : sorted.filter((interval) => interval > limit).length / sorted.length;
  return {
    frames: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.at(-1) ?? Number.NaN,
    // A hair over 16.7 is vsync jitter, not a missed frame.
    over16: share(16.7 + 0.5),
    over50: share(50),
  };
}

export const header = `${'run'.padEnd(30)}${['frames', 'p50', 'p95', 'p99', 'max', '>16.7ms', '>50ms'].map((title) => title.padStart(9)).join('')}`;

export function formatRow(name: string, stats: FrameStats): string {
  const ms = (value: number) => value.toFixed(1).padStart(9);
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(9);
  return `${name.padEnd(30)}${String(stats.frames).padStart(9)}${ms(stats.p50)}${ms(stats.p95)}${ms(stats.p99)}${ms(stats.max)}${percent(stats.over16)}${percent(stats.over50)}`;
}
