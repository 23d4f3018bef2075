import { describe, expect, it } from 'vitest';
import { formatLogRecord, parseLogSettings, scrubSecrets } from './log-format.js';

describe('scrubSecrets', () => {
  it('removes join token secrets, bearer tokens and private keys, and leaves the rest', () => {
    const digest = 'a'.repeat(64);
    expect(scrubSecrets(`joining with SYJOIN-1-${digest}-s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t now`)).toBe(
      `joining with SYJOIN-1-${digest}-[redacted] now`,
    );
    expect(scrubSecrets('token sycli-abcdefghijklmnopqrstuvwxyz and sysess-0123456789abcdefXYZ')).toBe(
      'token sycli-[redacted] and sysess-[redacted]',
    );
    expect(scrubSecrets('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer [redacted]');
    expect(scrubSecrets('-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----')).toBe(
      '[redacted private key]',
    );
    expect(scrubSecrets('joined control plane https://192.168.99.1:7080')).toBe(
      'joined control plane https://192.168.99.1:7080',
    );
  });
});

describe('formatLogRecord', () => {
  it('gives a terminal line with time, level, name, message and extra fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.parse('2026-12-07T12:04:05.120Z'),
      pid: 1,
      hostname: 'h',
      name: 'agent',
      msg: 'resync failed',
      node: 'sy-host1',
    });
    expect(formatLogRecord(line)).toBe('12:04:05.120 WARN  agent: resync failed node=sy-host1\n');
  });

  it('passes through what is not a JSON record', () => {
    expect(formatLogRecord('plain text\n')).toBe('plain text\n');
    expect(formatLogRecord('42')).toBe('42');
  });
});

describe('parseLogSettings', () => {
  it('defaults to info, pretty on a terminal only, and names a bad variable', () => {
    expect(parseLogSettings({ level: undefined, format: undefined }, true)).toEqual({
      level: 'info',
      pretty: true,
    });
    expect(parseLogSettings({ level: 'debug', format: 'json' }, true)).toEqual({
      level: 'debug',
      pretty: false,
    });
    expect(parseLogSettings({ level: undefined, format: undefined }, false).pretty).toBe(false);
    expect(() => parseLogSettings({ level: 'loud', format: undefined }, false)).toThrow(
      /SWITCHYARD_LOG_LEVEL/,
    );
    expect(() => parseLogSettings({ level: undefined, format: 'xml' }, false)).toThrow(
      /SWITCHYARD_LOG_FORMAT/,
    );
  });
});
