import { describe, expect, it } from 'vitest';
import { countLines, encodeRecords, LineSplitter, maxLineLength, parseRecords, tailOf } from './log-lines.js';

describe('log lines', () => {
  it('splits chunks into lines, keeping a partial line for the next chunk', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('one\ntw')).toEqual(['one']);
    expect(splitter.push('o\r\nthree')).toEqual(['two']);
    expect(splitter.end()).toEqual(['three']);
    expect(splitter.end()).toEqual([]);
  });

  it('cuts runaway lines at 16 KiB', () => {
    const splitter = new LineSplitter();
    const lines = splitter.push('x'.repeat(maxLineLength * 2 + 5));
    expect(lines.map((line) => line.length)).toEqual([maxLineLength, maxLineLength]);
    expect(splitter.end()).toEqual(['xxxxx']);
    expect(new LineSplitter().push(`${'y'.repeat(maxLineLength + 1)}\n`).length).toBe(2);
  });

  it('round-trips records as JSON lines and skips damaged ones', () => {
    const records = [
      { stream: 'stdout' as const, at: '2026-11-28T10:00:00.000Z', text: 'hello "world"' },
      { stream: 'stderr' as const, at: '2026-11-28T10:00:01.000Z', text: '' },
    ];
    const text = encodeRecords(records);
    expect(countLines(text)).toBe(2);
    expect(parseRecords(`${text}{"stream":"stdout","at":1}\n{"cut`)).toEqual(records);
  });

  it('takes the tail, or everything for null', () => {
    expect(tailOf([1, 2, 3], 2)).toEqual([2, 3]);
    expect(tailOf([1, 2, 3], 10)).toEqual([1, 2, 3]);
    expect(tailOf([1, 2, 3], null)).toEqual([1, 2, 3]);
  });
});
