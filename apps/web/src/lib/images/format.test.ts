import { describe, expect, it } from 'vitest';
import { formatBytes, hostPresence, shortImageId } from './format';

describe('formatBytes', () => {
  it('prints decimal units with three significant digits, as docker image ls', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(100_000)).toBe('100 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(5_580_000)).toBe('5.58 MB');
    expect(formatBytes(187_000_000)).toBe('187 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
    expect(formatBytes(3e15)).toBe('3000 TB');
  });
});

describe('shortImageId', () => {
  it('keeps the first 12 hex digits without sha256:', () => {
    expect(shortImageId(`sha256:${'ab12'.repeat(16)}`)).toBe('ab12ab12ab12');
  });
});

describe('hostPresence', () => {
  const host = (name: string, present: boolean, error?: string) => ({
    nodeId: name,
    name,
    present,
    ...(error === undefined ? {} : { error }),
  });

  it('says all hosts when every one holds it', () => {
    expect(hostPresence([host('a', true), host('b', true)]).summary).toBe('on all 2 hosts');
    expect(hostPresence([host('a', true)]).summary).toBe('on its 1 host');
  });

  it('counts the hosts still importing and names the ones that failed with their error', () => {
    const presence = hostPresence([host('a', true), host('b', false), host('c', false, 'no space left')]);
    expect(presence).toMatchObject({
      present: 1,
      total: 3,
      pending: ['b'],
      failed: [{ name: 'c', error: 'no space left' }],
      summary: 'on 1 of 3 hosts, 1 failed',
    });
  });

  it('says when no host can hold an image', () => {
    expect(hostPresence([]).summary).toBe('no host with a container runtime');
  });
});
