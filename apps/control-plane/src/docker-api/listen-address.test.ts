import { describe, expect, it } from 'vitest';
import { compareApiVersions, splitVersionPrefix } from './api-version.js';
import { parseTlsListen, parseUnixListen } from './listen-address.js';

describe('parseUnixListen (SWITCHYARD_DOCKER_API)', () => {
  it('reads unix:///path and off', () => {
    expect(parseUnixListen('unix:///var/lib/switchyard/docker.sock')).toBe('/var/lib/switchyard/docker.sock');
    expect(parseUnixListen(' off ')).toBeNull();
  });

  it('refuses TCP, relative paths and paths too long for a socket, naming the variable', () => {
    expect(() => parseUnixListen('127.0.0.1:2375')).toThrow(
      /^SWITCHYARD_DOCKER_API "127.0.0.1:2375" must be unix:\/\/\//,
    );
    expect(() => parseUnixListen('tcp://127.0.0.1:2375')).toThrow(/SWITCHYARD_DOCKER_API/);
    expect(() => parseUnixListen('unix://docker.sock')).toThrow(/absolute/);
    expect(() => parseUnixListen(`unix:///${'x'.repeat(120)}`)).toThrow(
      /SWITCHYARD_DOCKER_API .* at most 107 bytes/,
    );
  });
});

describe('parseTlsListen (SWITCHYARD_DOCKER_TLS)', () => {
  it('reads host:port, tcp:// and bracketed IPv6, and off', () => {
    expect(parseTlsListen('0.0.0.0:2376')).toEqual({ host: '0.0.0.0', port: 2376 });
    expect(parseTlsListen('tcp://192.168.1.5:0')).toEqual({ host: '192.168.1.5', port: 0 });
    expect(parseTlsListen('[::]:2376')).toEqual({ host: '::', port: 2376 });
    expect(parseTlsListen('off')).toBeNull();
  });

  it('refuses malformed values, naming the variable', () => {
    expect(() => parseTlsListen('2376')).toThrow(/^SWITCHYARD_DOCKER_TLS "2376" must be host:port/);
    expect(() => parseTlsListen('0.0.0.0:99999')).toThrow(/SWITCHYARD_DOCKER_TLS/);
    expect(() => parseTlsListen('unix:///x.sock')).toThrow(/SWITCHYARD_DOCKER_TLS/);
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
