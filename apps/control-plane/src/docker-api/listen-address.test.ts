import { describe, expect, it } from 'vitest';
import { compareApiVersions, splitVersionPrefix } from './api-version.js';
import { parseListenAddress } from './listen-address.js';

describe('parseListenAddress', () => {
  it('reads host:port, tcp:// and bracketed IPv6, and off', () => {
    expect(parseListenAddress('127.0.0.1:2375')).toEqual({ host: '127.0.0.1', port: 2375 });
    expect(parseListenAddress('tcp://localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseListenAddress('[::1]:2375')).toEqual({ host: '::1', port: 2375 });
    expect(parseListenAddress('off')).toBeNull();
  });

  it('refuses anything but loopback, and malformed values', () => {
    expect(() => parseListenAddress('0.0.0.0:2375')).toThrow(/loopback only/);
    expect(() => parseListenAddress('192.168.1.5:2375')).toThrow(/loopback only/);
    expect(() => parseListenAddress('2375')).toThrow(/must be host:port/);
    expect(() => parseListenAddress('127.0.0.1:99999')).toThrow(/must be host:port/);
  });
});

describe('API version prefix', () => {
  it('splits /v1.NN from the path, and leaves unversioned paths alone', () => {
    expect(splitVersionPrefix('/v1.47/networks/x')).toEqual({ version: '1.47', path: '/networks/x' });
    expect(splitVersionPrefix('/v1.24')).toEqual({ version: '1.24', path: '/' });
    expect(splitVersionPrefix('/_ping')).toEqual({ version: null, path: '/_ping' });
  });

  it('compares versions numerically', () => {
    expect(compareApiVersions('1.9', '1.47')).toBeLessThan(0);
    expect(compareApiVersions('1.50', '1.47')).toBeGreaterThan(0);
    expect(compareApiVersions('1.47', '1.47')).toBe(0);
  });
});
