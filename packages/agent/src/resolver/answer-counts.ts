/** `local`: answered from the sandbox's zone (or refused); `forward`: from an upstream. */
export type DnsAnswerKind = 'local' | 'forward';

/**
 * Seconds: a local answer takes microseconds, a forwarded one up to the 2 s upstream timeout. The
 * resolver process counts with these and the agent's metrics publish them, so both read them here.
 */
export const dnsAnswerBuckets: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 2.5,
];

/** One kind's answers as a Prometheus histogram: `buckets[i]` counts answers ≤ dnsAnswerBuckets[i]. */
export interface AnswerHistogram {
  buckets: number[];
  sum: number;
  count: number;
}
export type DnsAnswerCounts = Record<DnsAnswerKind, AnswerHistogram>;

const empty = (): AnswerHistogram => ({ buckets: dnsAnswerBuckets.map(() => 0), sum: 0, count: 0 });

/**
 * The DNS answers of the resolver process since it started, kept cumulative there (a few additions
 * per answer) so an agent reads them whenever it is scraped and loses nothing when it restarts.
 */
export class AnswerCounts {
  private readonly counts: DnsAnswerCounts = { local: empty(), forward: empty() };

  observe(kind: DnsAnswerKind, seconds: number): void {
    const histogram = this.counts[kind];
    dnsAnswerBuckets.forEach((bound, index) => {
      if (seconds <= bound) histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
  }

  snapshot(): DnsAnswerCounts {
    const copy = ({ buckets, sum, count }: AnswerHistogram) => ({ buckets: [...buckets], sum, count });
    return { local: copy(this.counts.local), forward: copy(this.counts.forward) };
  }
}
