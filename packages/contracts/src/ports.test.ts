import { describe, expect, it } from 'vitest';
import { parseExposeSpec, parsePortSpec } from './ports.js';

describe('parsePortSpec', () => {
  it.each([
    ['80', [{ hostIp: null, hostPort: null, containerPort: 80, protocol: 'tcp' }]],
    ['8080:80', [{ hostIp: null, hostPort: 8080, containerPort: 80, protocol: 'tcp' }]],
    ['127.0.0.1:8080:80', [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]],
    ['127.0.0.1::80', [{ hostIp: '127.0.0.1', hostPort: null, containerPort: 80, protocol: 'tcp' }]],
    ['8080:80/udp', [{ hostIp: null, hostPort: 8080, containerPort: 80, protocol: 'udp' }]],
    [
      '8000-8001:80-81',
      [
        { hostIp: null, hostPort: 8000, containerPort: 80, protocol: 'tcp' },
        { hostIp: null, hostPort: 8001, containerPort: 81, protocol: 'tcp' },
      ],
    ],
  ])('reads %s as Docker does', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  it.each([
    ['', 'is not'],
    ['abc', 'is not a port'],
    ['70000:80', 'host port "70000"'],
    ['8080:80/sctp', 'protocol must be tcp or udp'],
    ['300.1.1.1:80:80', 'host IP "300.1.1.1"'],
    ['8000-8002:80-81', 'ranges differ in length'],
    ['1:2:3:4', 'is not'],
  ])('refuses %j with a reason', (spec, reason) => {
    expect(() => parsePortSpec(spec)).toThrow(reason);
  });
});

describe('parseExposeSpec', () => {
  it('reads single ports, protocols and ranges', () => {
    expect(parseExposeSpec('80')).toEqual([{ port: 80, protocol: 'tcp' }]);
    expect(parseExposeSpec('53/udp')).toEqual([{ port: 53, protocol: 'udp' }]);
    expect(parseExposeSpec('8000-8001')).toHaveLength(2);
  });
});
