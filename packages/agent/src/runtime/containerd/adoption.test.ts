import { workloadSchema, type DesiredSandbox } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { parseTaskList } from '../../osl/containerd.js';
import { adoptable, parseOffsets, parseTaskRecord, taskRecord } from './adoption.js';

const sandbox: DesiredSandbox = {
  id: 'web',
  name: 'web',
  hostname: 'web',
  netns: 'sy-h1-sb-web',
  workload: workloadSchema.parse({
    image: 'busybox',
    command: ['httpd', '-f'],
    env: {},
    runtime: 'containerd',
  }),
  running: true,
  startGeneration: 2,
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  endpoints: [],
  ports: [],
  dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
  virtualServices: [],
  healthCheck: null,
};
const running = { pid: 4242, status: 'RUNNING' };

describe('adopting a task a previous agent left', () => {
  const record = parseTaskRecord(JSON.stringify(taskRecord(sandbox)));

  it('adopts the recorded process when the sandbox asks for the same start', () => {
    expect(adoptable(sandbox, record, 4242, running)).toBe(true);
  });

  it('does not adopt a task that stopped, another process, or a start asked for since', () => {
    expect(adoptable(sandbox, record, 4242, { pid: 4242, status: 'STOPPED' })).toBe(false);
    expect(adoptable(sandbox, record, 4243, running)).toBe(false);
    expect(adoptable(sandbox, record, 4242, undefined)).toBe(false);
    expect(adoptable({ ...sandbox, startGeneration: 3 }, record, 4242, running)).toBe(false);
    expect(adoptable({ ...sandbox, running: false }, record, 4242, running)).toBe(false);
  });

  it('does not adopt a task started from another spec, or without a record', () => {
    const changed = { ...sandbox, workload: { ...sandbox.workload, env: { DEBUG: '1' } } };
    expect(adoptable(changed, record, 4242, running)).toBe(false);
    expect(adoptable({ ...sandbox, hostname: 'other' }, record, 4242, running)).toBe(false);
    expect(adoptable(sandbox, parseTaskRecord('{not json'), 4242, running)).toBe(false);
    expect(adoptable(sandbox, parseTaskRecord('{"sandboxId":"web"}'), 4242, running)).toBe(false);
  });

  it('reads the offsets of what was logged, zero for anything unreadable', () => {
    expect(parseOffsets('120 7\n')).toEqual({ stdout: 120, stderr: 7 });
    expect(parseOffsets('')).toEqual({ stdout: 0, stderr: 0 });
    expect(parseOffsets('-1 x')).toEqual({ stdout: 0, stderr: 0 });
  });

  it("reads ctr's task list", () => {
    const output = 'TASK    PID     STATUS    \nweb     4242    RUNNING\nold     0       STOPPED\n';
    expect(parseTaskList(output)).toEqual([
      { id: 'web', pid: 4242, status: 'RUNNING' },
      { id: 'old', pid: 0, status: 'STOPPED' },
    ]);
  });
});
