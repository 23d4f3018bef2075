import { describe, expect, it } from 'vitest';
import { Spare } from './spare.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a spare', () => {
  it('is made after a delay, handed over once, then made again; closing discards the unused one', async () => {
    const made: { id: number; discarded: boolean }[] = [];
    const spare = new Spare(() => {
      const item = { id: made.length, discarded: false, discard: () => void (item.discarded = true) };
      made.push(item);
      return Promise.resolve(item);
    }, 20);
    expect(await spare.take()).toBeUndefined();
    await sleep(60);
    expect((await spare.take())?.id).toBe(0);
    expect(await spare.take()).toBeUndefined();
    await sleep(60);
    await spare.close();
    expect(made.map((item) => item.discarded)).toEqual([false, true]);
    await sleep(60);
    expect(made).toHaveLength(2);
  });
});
