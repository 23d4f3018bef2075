import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { specHash, WorkloadRecords, type WorkloadRecord } from './workload-records.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const record: WorkloadRecord = {
  sandboxId: 'c/1',
  pid: 4242,
  startTime: '987654',
  specHash: 'abc',
  startedAt: '2026-12-07T20:00:00.000Z',
  restartCount: 0,
};

describe('WorkloadRecords', () => {
  it('keeps a record per workload, 0600, and drops files that are not records', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sy-records-'));
    dirs.push(dir);
    const records = new WorkloadRecords(path.join(dir, 'workloads'));
    await records.write(record);
    await writeFile(path.join(dir, 'workloads', 'junk.json'), '{"pid":');
    expect(await records.readAll()).toEqual([record]);
    const files = await readdir(path.join(dir, 'workloads'));
    expect(files).toEqual(['c%2F1.json']);
    expect((await stat(path.join(dir, 'workloads', 'c%2F1.json'))).mode & 0o777).toBe(0o600);
    await records.remove('c/1');
    expect(await records.readAll()).toEqual([]);
  });
});

describe('specHash', () => {
  it('changes with the launch and the start generation, not with the order of the environment', () => {
    const launch = { file: 'sleep', args: ['1'], env: { A: '1', B: '2' } };
    expect(specHash(launch, 1)).toBe(specHash({ file: 'sleep', args: ['1'], env: { B: '2', A: '1' } }, 1));
    expect(specHash(launch, 2)).not.toBe(specHash(launch, 1));
    expect(specHash({ ...launch, args: ['2'] }, 1)).not.toBe(specHash(launch, 1));
    expect(specHash({ ...launch, env: { A: '1' } }, 1)).not.toBe(specHash(launch, 1));
  });
});
