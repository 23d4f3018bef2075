import type { LogLine } from '../containers/api.js';
import { badParameter } from './docker-error.js';

export interface LogOptions {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  /** Epoch milliseconds: lines before `since` or after `until` are left out. */
  since: number | null;
  until: number | null;
}

const streamType = { stdout: 1, stderr: 2 } as const;

/**
 * One frame of Docker's multiplexed stream (used when a container has no TTY): stream type, three zero
 * bytes, the payload's length as a big-endian uint32, then the payload.
 */
export function logFrame(stream: 'stdout' | 'stderr', payload: string): Buffer {
  return streamFrame(stream, Buffer.from(payload, 'utf8'));
}

export function streamFrame(stream: 'stdout' | 'stderr', body: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(streamType[stream], 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
}

/** Go's RFC3339Nano as Docker prints it with `--timestamps`: nine fractional digits. */
export function nanoTimestamp(at: string): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? at : time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** The lines `docker logs` asked for: its streams, within its since/until window. */
export function selectLogLines<Line extends Pick<LogLine, 'stream' | 'at'>>(
  lines: readonly Line[],
  options: LogOptions,
): Line[] {
  return lines
    .filter((line) => (line.stream === 'stdout' ? options.stdout : options.stderr))
    .filter((line) => {
      const at = Date.parse(line.at);
      return (
        (options.since === null || at >= options.since) && (options.until === null || at <= options.until)
      );
    });
}

export function encodeLogs(lines: readonly LogLine[], options: LogOptions): Buffer {
  const frames = selectLogLines(lines, options).map((line) => {
    const text = line.text.endsWith('\n') ? line.text : `${line.text}\n`;
    return logFrame(line.stream, options.timestamps ? `${nanoTimestamp(line.at)} ${text}` : text);
  });
  return Buffer.concat(frames);
}

/** `since`/`until` are Unix seconds with a fraction, as the CLI sends them; 0 means unset. */
export function timeBound(query: URLSearchParams, name: string): number | null {
  const text = query.get(name);
  if (text === null || text === '' || Number(text) === 0) return null;
  const seconds = Number(text);
  if (Number.isNaN(seconds)) throw badParameter(`invalid ${name}: "${text}" is not a Unix timestamp`);
  return seconds * 1000;
}
