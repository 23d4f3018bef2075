import { describe, expect, it } from 'vitest';
import { InFlightLimit } from './forwarder.js';
import { TaskGate } from './parallel.js';
import { FrameReader, frame } from './tcp-framing.js';
import { isLoopback, parseUpstream } from './upstream.js';

describe('TCP framing', () => {
  it('splits length-prefixed messages across and within chunks', () => {
    const reader = new FrameReader();
    const stream = Buffer.concat([
      frame(Buffer.from('abc')),
      frame(Buffer.from('de')),
      frame(Buffer.from('f')),
    ]);
    expect(reader.push(stream.subarray(0, 4))).toEqual([]);
    expect(reader.push(stream.subarray(4, 9)).map(String)).toEqual(['abc', 'de']);
    expect(reader.push(stream.subarray(9)).map(String)).toEqual(['f']);
  });
});

describe('upstreams', () => {
  it('parses ip and ip:port, rejecting anything else', () => {
    expect(parseUpstream('10.0.0.53')).toEqual({ address: '10.0.0.53', port: 53 });
    expect(parseUpstream(' 10.0.0.53:5353 ')).toEqual({ address: '10.0.0.53', port: 5353 });
    for (const bad of ['fe80::1', '10.0.0.256', '10.0.0.1:0', 'resolver', '10.0.0.1:53:1'])
      expect(parseUpstream(bad)).toBeUndefined();
    expect(isLoopback({ address: '127.0.0.53', port: 53 })).toBe(true);
  });
});

describe('limits', () => {
  it('caps queries in flight', () => {
    const limit = new InFlightLimit(2);
    expect([limit.tryAcquire(), limit.tryAcquire(), limit.tryAcquire()]).toEqual([true, true, false]);
    limit.release();
    expect(limit.tryAcquire()).toBe(true);
  });

  it('runs at most n tasks at once and keeps results in order', async () => {
    let running = 0;
    let peak = 0;
    const gate = new TaskGate(2);
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        gate.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          if (n === 3) throw new Error('three');
          return n * 10;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([
      10,
      20,
      'failed',
      40,
      50,
    ]);
  });
});
