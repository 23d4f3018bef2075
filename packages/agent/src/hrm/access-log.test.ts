import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessLog } from './access-log.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sy-access-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('access log', () => {
  it('appends in order and moves the file to .1 once it would pass its size', async () => {
    const errors: unknown[] = [];
    const file = path.join(dir, 'hrm', 'access.log');
    const log = new AccessLog(file, (error) => errors.push(error), 20);
    log.write(Buffer.from('line 1\n'));
    log.write(Buffer.from('line 2\n'));
    await log.settled();
    log.write(Buffer.from('line 3\n'));
    log.write(Buffer.from('line 4\n'));
    await log.settled();
    expect(await readFile(`${file}.1`, 'utf8')).toBe('line 1\nline 2\n');
    expect(await readFile(file, 'utf8')).toBe('line 3\nline 4\n');
    expect(errors).toEqual([]);

    // A new writer (the agent restarted) goes on from the file's size.
    const again = new AccessLog(file, (error) => errors.push(error), 20);
    again.write(Buffer.from('line 5\n'));
    await again.settled();
    expect(await readFile(file, 'utf8')).toBe('line 5\n');
    expect(await readFile(`${file}.1`, 'utf8')).toBe('line 3\nline 4\n');
  });
});
