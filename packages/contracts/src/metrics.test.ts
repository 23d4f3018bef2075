import { describe, expect, it } from 'vitest';
import { parsePrometheusText, PrometheusTextError } from './metrics.js';

describe('parsePrometheusText', () => {
  it('reads samples with labels, escapes, special values and timestamps', () => {
    const samples = parsePrometheusText(
      [
        '# HELP a_total Things.',
        '# TYPE a_total counter',
        'a_total{kind="x",note="say \\"hi\\"\\n"} 3',
        'b_bucket{le="+Inf"} 7 1700000000000',
        'c NaN',
        'd -Inf',
        '',
      ].join('\n'),
    );
    expect(samples).toEqual([
      { name: 'a_total', labels: { kind: 'x', note: 'say "hi"\n' }, value: 3 },
      { name: 'b_bucket', labels: { le: '+Inf' }, value: 7 },
      { name: 'c', labels: {}, value: Number.NaN },
      { name: 'd', labels: {}, value: Number.NEGATIVE_INFINITY },
    ]);
  });

  it.each([
    ['1abc 3', 'is not a metric name'],
    ['a{b=1} 3', 'malformed label'],
    ['a{b="1" 3', 'expected , or }'],
    ['a three', 'is not a number'],
    ['a 1 2 3', 'trailing text'],
    ['# TYPE a countr', 'malformed TYPE'],
    ['# TYPE a counter\n# TYPE a counter', 'a second TYPE'],
  ])('refuses %j', (text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(PrometheusTextError);
    expect(() => parsePrometheusText(text)).toThrow(message);
  });
});
