import { describe, expect, it } from 'vitest';
import { parsePsEf, selectProcesses } from './top.js';

const psEf = [
  'UID          PID    PPID  C STIME TTY          TIME CMD',
  'root           1       0  0 12:01 ?        00:01:47 /sbin/init splash',
  'root         100       1  0 12:02 ?        00:00:00 sh -c trap "" TERM;  sleep 1000',
  'root         101     100  0 12:02 ?        00:00:00 sleep 1000',
  'nobody       200       1  0 12:03 pts/0    00:00:00 other',
  '',
].join('\n');

describe('docker top', () => {
  it('reads ps -ef: its titles, and each command line whole', () => {
    const { titles, rows } = parsePsEf(psEf);
    expect(titles).toEqual(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    expect(rows[1]).toEqual([
      'root',
      '100',
      '1',
      '0',
      '12:02',
      '?',
      '00:00:00',
      'sh -c trap "" TERM;  sleep 1000',
    ]);
    expect(rows[3]?.[5]).toBe('pts/0');
  });

  it('keeps the processes of a namespace, or a process and its descendants', () => {
    const { titles, rows } = parsePsEf(psEf);
    const pids = (picked: string[][]) => picked.map((row) => row[1]);
    expect(pids(selectProcesses(titles, rows, { pids: new Set([101, 200]) }))).toEqual(['101', '200']);
    expect(pids(selectProcesses(titles, rows, { roots: [100] }))).toEqual(['100', '101']);
    expect(selectProcesses(titles, rows, { roots: [] })).toEqual([]);
  });
});
