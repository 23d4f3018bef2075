import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContainerLog } from './container-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syr-log-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fail = (error: unknown) => {
  throw error;
};

describe('container log file', () => {
  it('keeps lines in order with their stream, and serves the tail', async () => {
    const log = new ContainerLog(dir, 'c/1', 100, fail);
    log.append('stdout', 'one');
    log.append('stderr', 'two');
    log.append('stdout', 'three');
    expect((await log.read(null)).map((line) => `${line.stream}:${line.text}`)).toEqual([
      'stdout:one',
      'stderr:two',
      'stdout:three',
    ]);
    expect((await log.read(1)).map((line) => line.text)).toEqual(['three']);
    expect(await readdir(dir)).toEqual(['c%2F1.log']);
  });

  it('keeps at most maxLines, the newest, across rotations and a restart', async () => {
    const log = new ContainerLog(dir, 'c', 10, fail);
    for (let index = 0; index < 23; index++) {
      log.append('stdout', `line ${index}`);
      if (index % 3 === 0) await log.settled();
    }
    const kept = (await log.read(null)).map((line) => line.text);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.at(-1)).toBe('line 22');
    const reopened = new ContainerLog(dir, 'c', 10, fail);
    reopened.append('stdout', 'after restart');
    const after = (await reopened.read(null)).map((line) => line.text);
    expect(after.length).toBeLessThanOrEqual(10);
    expect(after.at(-1)).toBe('after restart');
  });

  it('removes its files', async () => {
    const log = new ContainerLog(dir, 'c', 4, fail);
    for (let index = 0; index < 5; index++) log.append('stdout', `${index}`);
    await log.settled();
    log.append('stdout', 'x');
    await log.remove();
    expect(await readdir(dir)).toEqual([]);
    expect(await log.read(null)).toEqual([]);
  });
});
