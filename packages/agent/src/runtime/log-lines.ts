export type LogStream = 'stdout' | 'stderr';

export interface LogRecord {
  stream: LogStream;
  /** ISO time the line was read. */
  at: string;
  text: string;
}

/** Docker splits lines longer than 16 KiB too, so one runaway line cannot fill the memory. */
export const maxLineLength = 16 * 1024;

/** Turns a stream's chunks into whole lines (a chunk may end mid-line). */
export class LineSplitter {
  private partial = '';

  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    const lines = parts.map((line) => line.replace(/\r$/, ''));
    while (this.partial.length > maxLineLength) {
      lines.push(this.partial.slice(0, maxLineLength));
      this.partial = this.partial.slice(maxLineLength);
    }
    return lines.flatMap(splitLong);
  }

  /** What is left when the stream ends without a final newline. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? [] : [rest];
  }
}

function splitLong(line: string): string[] {
  if (line.length <= maxLineLength) return [line];
  const pieces: string[] = [];
  for (let start = 0; start < line.length; start += maxLineLength)
    pieces.push(line.slice(start, start + maxLineLength));
  return pieces;
}

export function encodeRecords(records: readonly LogRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

function isRecord(value: unknown): value is LogRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { stream, at, text } = value as Record<string, unknown>;
  return (stream === 'stdout' || stream === 'stderr') && typeof at === 'string' && typeof text === 'string';
}

/** Reads JSON lines back, skipping any that are not records (e.g. a line cut by a crash). */
export function parseRecords(text: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push({ stream: value.stream, at: value.at, text: value.text });
    } catch {
      // not a record
    }
  }
  return records;
}

export function tailOf<T>(items: readonly T[], tail: number | null): T[] {
  return tail === null ? [...items] : items.slice(Math.max(0, items.length - tail));
}

export function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}
