import { describe, expect, it } from 'vitest';
import { parseStat, topRow } from './top.js';

describe('top', () => {
  it('reads /proc/<pid>/stat past a command name with spaces and parentheses', () => {
    const stat = '4242 (my (odd) cmd) S 4200 4242 4242 34816 0 0 0 0 0 0 250 150 0 0 20 0 1 0 12345 0 0';
    expect(parseStat(stat)).toEqual({ ppid: 4200, tty: 34816, cpuSeconds: 4, startSeconds: 123.45 });
  });

  it('renders ps -ef columns', () => {
    const row = topRow(
      { pid: 10, ppid: 1, uid: 65534, startSeconds: 3600, cpuSeconds: 3725, tty: 0, command: 'httpd -f' },
      Date.UTC(2026, 0, 1, 8, 0),
    );
    expect(row).toEqual(['65534', '10', '1', '0', '09:00', '?', '01:02:05', 'httpd -f']);
  });
});
