import { describe, expect, it } from 'vitest';
import { parseMetricsListen } from './metrics-listen.js';

describe('parseMetricsListen', () => {
  it('takes off and loopback addresses', () => {
    expect(parseMetricsListen('off')).toBeUndefined();
    expect(parseMetricsListen('127.0.0.1:9323')).toEqual({ host: '127.0.0.1', port: 9323 });
    expect(parseMetricsListen('127.0.0.2:0')).toEqual({ host: '127.0.0.2', port: 0 });
  });

  it.each([
    ['0.0.0.0:9323', 'loopback'],
    ['192.168.99.11:9323', 'loopback'],
    ['127.0.0.1', 'must be "off"'],
    ['127.0.0.1:99999', 'must be "off"'],
    ['localhost:9323', 'must be "off"'],
  ])('refuses %s naming the flag', (text, reason) => {
    const result = parseMetricsListen(text);
    expect(typeof result).toBe('string');
    expect(result).toContain('--metrics-addr');
    expect(result).toContain(reason);
  });
});
