import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputTail } from './output-tail.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function setup() {
  const dir = await mkdtemp(path.join(tmpdir(), 'sy-tail-'));
  dirs.push(dir);
  const file = path.join(dir, 'c1.stdout');
  const seen: string[] = [];
  const tail = () =>
    new OutputTail(
      file,
      'stdout',
      async (_stream, lines) => void seen.push(...lines),
      (error) => {
        throw error;
      },
    );
  return { file, seen, tail };
}

describe('OutputTail', () => {
  it('hands on whole lines, a partial one only at the end, and the next tail goes on from there', async () => {
    const { file, seen, tail } = await setup();
    await writeFile(file, 'one\ntwo\nhal');
    const first = tail();
    await first.drain();
    expect(seen).toEqual(['one', 'two']);
    await first.stop();
    await appendFile(file, 'f\r\nthree\n');
    // A new agent: the position was kept beside the file.
    const second = tail();
    await second.drain();
    expect(seen).toEqual(['one', 'two', 'half', 'three']);
    expect((await readFile(`${file}.pos`, 'utf8')).trim()).toBe(String('one\ntwo\nhalf\r\nthree\n'.length));
    await appendFile(file, 'last words');
    await second.drain(true);
    expect(seen.at(-1)).toBe('last words');
    await second.stop();
  });

  it('starts over when the file was emptied', async () => {
    const { file, seen, tail } = await setup();
    await writeFile(file, 'a long first line\n');
    const reader = tail();
    await reader.drain();
    await writeFile(file, 'b\n');
    await reader.drain();
    expect(seen).toEqual(['a long first line', 'b']);
    await reader.stop();
  });
});
