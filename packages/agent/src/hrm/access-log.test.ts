import { writeSync } from 'node:fs';
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
  it('hands out an appending descriptor and moves the file to .1 once it passes its size', async () => {
    const file = path.join(dir, 'hrm', 'access.log');
    const log = new AccessLog(file, 20);
    const out = await log.open();
    writeSync(out.fd, 'line 1\n');
    await log.rotate();
    expect(await readFile(file, 'utf8')).toBe('line 1\n');

    writeSync(out.fd, 'line 2\nline 3\n');
    await log.rotate();
    expect(await readFile(`${file}.1`, 'utf8')).toBe('line 1\nline 2\nline 3\n');
    expect(await readFile(file, 'utf8')).toBe('');

    // The writer keeps appending after the truncation, from the new end.
    writeSync(out.fd, 'line 4\n');
    await out.close();
    expect(await readFile(file, 'utf8')).toBe('line 4\n');
  });
});
