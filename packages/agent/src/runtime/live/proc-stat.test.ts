import { describe, expect, it } from 'vitest';
import { parseProcStat, readProcStat, stillRuns } from './proc-stat.js';

describe('parseProcStat', () => {
  it('reads state, process group and start time past a command with spaces and parentheses', () => {
    const line =
      '4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 120 0 0 0 3 1 0 0 20 0 1 0 987654 1000 200 ' +
      '18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
    expect(parseProcStat(line)).toEqual({ state: 'S', processGroup: 4242, startTime: '987654' });
  });

  it('gives nothing for a truncated line', () => {
    expect(parseProcStat('1 (x) S 0')).toBeUndefined();
  });
});

describe('stillRuns', () => {
  it('knows this process, and not this pid with another start time', async () => {
    const stat = await readProcStat(process.pid);
    expect(stat?.state).not.toBe('Z');
    expect(await stillRuns(process.pid, stat?.startTime ?? '')).toBe(true);
    expect(await stillRuns(process.pid, '1')).toBe(false);
  });
});
