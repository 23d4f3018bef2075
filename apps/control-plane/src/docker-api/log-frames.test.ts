import { describe, expect, it } from 'vitest';
import type { LogLine } from '../containers/api.js';
import { encodeLogs, logFrame, nanoTimestamp } from './log-frames.js';

const lines: LogLine[] = [
  { stream: 'stdout', at: '2026-11-28T10:00:00.123Z', text: 'hello' },
  { stream: 'stderr', at: '2026-11-28T10:00:01.000Z', text: 'oops\n' },
];
const all = { stdout: true, stderr: true, timestamps: false, since: null, until: null };

/** Splits a multiplexed stream back into [stream type, payload] pairs. */
function frames(buffer: Buffer): [number, string][] {
  const out: [number, string][] = [];
  for (let at = 0; at < buffer.length;) {
    const length = buffer.readUInt32BE(at + 4);
    out.push([buffer.readUInt8(at), buffer.subarray(at + 8, at + 8 + length).toString('utf8')]);
    at += 8 + length;
  }
  return out;
}

describe('logFrame', () => {
  it('is stream type, three zero bytes, a big-endian length and the payload', () => {
    expect([...logFrame('stderr', 'hé\n')]).toEqual([2, 0, 0, 0, 0, 0, 0, 4, 0x68, 0xc3, 0xa9, 0x0a]);
  });
});

describe('encodeLogs', () => {
  it('ends every line with a newline and keeps each on its stream', () => {
    expect(frames(encodeLogs(lines, all))).toEqual([
      [1, 'hello\n'],
      [2, 'oops\n'],
    ]);
  });

  it('leaves out a stream not asked for', () => {
    expect(frames(encodeLogs(lines, { ...all, stderr: false }))).toEqual([[1, 'hello\n']]);
  });

  it('prefixes RFC 3339 timestamps with nanoseconds', () => {
    expect(nanoTimestamp('2026-11-28T10:00:00.123Z')).toBe('2026-11-28T10:00:00.123000000Z');
    expect(frames(encodeLogs(lines, { ...all, timestamps: true }))[0]).toEqual([
      1,
      '2026-11-28T10:00:00.123000000Z hello\n',
    ]);
  });

  it('honours since and until', () => {
    const since = Date.parse('2026-11-28T10:00:00.500Z');
    expect(frames(encodeLogs(lines, { ...all, since }))).toEqual([[2, 'oops\n']]);
    expect(frames(encodeLogs(lines, { ...all, until: since }))).toEqual([[1, 'hello\n']]);
  });
});
