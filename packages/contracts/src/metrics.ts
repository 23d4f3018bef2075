import { z } from 'zod';

/**
 * Metrics in Prometheus' text exposition format (version 0.0.4): what `/metrics` serves on the
 * control plane and on every agent, and what an agent relays to the control plane when asked.
 */
export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** An agent's metrics, relayed over the agent channel (at most 4 MiB of text). */
export const metricsResponseSchema = z.union([
  z.object({ ok: z.literal(true), text: z.string().max(4 * 1024 * 1024) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;

export interface PrometheusSample {
  /** The sample's own name: a histogram's `_bucket`, `_sum` and `_count` each have theirs. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class PrometheusTextError extends Error {}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value))
    throw new PrometheusTextError(`line ${line}: "${text}" is not a number`);
  return value;
}

/** `{a="1",b="x\"y"}` from `start` (the `{`); returns the labels and the index after `}`. */
function parseLabels(text: string, start: number, line: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let at = start + 1;
  for (;;) {
    if (text[at] === '}') return [labels, at + 1];
    const equals = text.indexOf('=', at);
    const name = equals < 0 ? '' : text.slice(at, equals).trim();
    if (!labelName.test(name) || text[equals + 1] !== '"')
      throw new PrometheusTextError(`line ${line}: malformed label at "${text.slice(at)}"`);
    let value = '';
    let index = equals + 2;
    for (; index < text.length && text[index] !== '"'; index += 1) {
      const char = text[index];
      if (char === '\\') {
        const next = text[index + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        index += 1;
      } else value += char;
    }
    if (index >= text.length) throw new PrometheusTextError(`line ${line}: unterminated label value`);
    labels[name] = value;
    at = index + 1;
    if (text[at] === ',') at += 1;
    else if (text[at] !== '}') throw new PrometheusTextError(`line ${line}: expected , or } after a label`);
  }
}

/**
 * Every sample of a text exposition, checked as a scraper would: names and labels well formed,
 * values numbers, a `# TYPE` at most once per family and known. Throws PrometheusTextError naming
 * the line otherwise. Pure.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  const typed = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '') return;
    if (content.startsWith('#')) {
      const [, keyword, name, ...rest] = content.split(/\s+/);
      if (keyword === 'TYPE') {
        if (name === undefined || !metricName.test(name) || !types.has(rest[0] ?? ''))
          throw new PrometheusTextError(`line ${line}: malformed TYPE line`);
        if (typed.has(name)) throw new PrometheusTextError(`line ${line}: a second TYPE for ${name}`);
        typed.add(name);
      }
      return;
    }
    const brace = content.indexOf('{');
    const space = content.search(/\s/);
    const nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
    const name = nameEnd < 0 ? content : content.slice(0, nameEnd);
    if (!metricName.test(name)) throw new PrometheusTextError(`line ${line}: "${name}" is not a metric name`);
    let labels: Record<string, string> = {};
    let rest = nameEnd < 0 ? '' : content.slice(nameEnd);
    if (rest.startsWith('{')) {
      const [parsed, after] = parseLabels(rest, 0, line);
      labels = parsed;
      rest = rest.slice(after);
    }
    const [valueText = '', timestamp, ...extra] = rest.trim().split(/\s+/);
    if (extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp)))
      throw new PrometheusTextError(`line ${line}: trailing text after the value`);
    samples.push({ name, labels, value: parseValue(valueText, line) });
  });
  return samples;
}
