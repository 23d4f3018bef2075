import { describe, expect, it } from 'vitest';
import { multiplexedStream, rawStream, splitBody, upgradeHead } from './hijack.js';
import { streamFrame } from './log-frames.js';

describe('the hijacked stream', () => {
  it('answers the upgrade as dockerd does, naming the stream format', () => {
    const head = upgradeHead(rawStream);
    expect(head.startsWith('HTTP/1.1 101 UPGRADED\r\n')).toBe(true);
    expect(head).toContain('\r\nContent-Type: application/vnd.docker.raw-stream\r\n');
    expect(head).toContain('\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n');
    expect(head.endsWith('\r\n\r\n')).toBe(true);
    expect(upgradeHead(multiplexedStream)).toContain('application/vnd.docker.multiplexed-stream');
  });

  it('frames output per stream without a TTY: type, three zeros, big-endian length, bytes', () => {
    const frame = streamFrame('stderr', new Uint8Array([0xff, 0x00, 0x41]));
    expect([...frame]).toEqual([2, 0, 0, 0, 0, 0, 0, 3, 0xff, 0x00, 0x41]);
    expect(streamFrame('stdout', new Uint8Array(70_000)).readUInt32BE(4)).toBe(70_000);
    expect(streamFrame('stdout', new Uint8Array(0))[0]).toBe(1);
  });

  it('splits an upgraded request’s body from input sent right after it', () => {
    expect(splitBody(Buffer.from('{"a":1}'), 10)).toBeNull();
    const split = splitBody(Buffer.from('{"Tty":true}ls\n'), 12);
    expect(split?.body.toString()).toBe('{"Tty":true}');
    expect(split?.rest.toString()).toBe('ls\n');
    expect(splitBody(Buffer.alloc(0), 0)?.body.length).toBe(0);
  });
});
