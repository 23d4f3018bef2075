import { imageConfigSchema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { imageHealthCheck, resolveWorkload, type WorkloadRequest } from './workload.js';

const image = imageConfigSchema.parse({
  env: ['PATH=/bin', 'MODE=image', 'EMPTY'],
  entrypoint: ['/entry', '--flag'],
  cmd: ['serve', '80'],
  user: 'nobody',
  workingDir: '/www',
  stopSignal: 'SIGQUIT',
});
const request: WorkloadRequest = {
  command: [],
  entrypoint: null,
  env: {},
  user: null,
  workingDir: null,
  stopSignal: null,
  stopTimeoutSeconds: null,
};

describe('resolveWorkload', () => {
  it("runs the image's entrypoint with its cmd, env, user, workdir and stop signal", () => {
    expect(resolveWorkload(image, request)).toEqual({
      command: ['/entry', '--flag', 'serve', '80'],
      env: { PATH: '/bin', MODE: 'image', EMPTY: '' },
      user: 'nobody',
      workingDir: '/www',
      stopSignal: 'SIGQUIT',
      stopTimeoutSeconds: 10,
    });
  });

  it('replaces the cmd with the command given, keeping the entrypoint', () => {
    expect(resolveWorkload(image, { ...request, command: ['sh'] }).command).toEqual([
      '/entry',
      '--flag',
      'sh',
    ]);
  });

  it("replaces the entrypoint and drops the image's cmd", () => {
    expect(resolveWorkload(image, { ...request, entrypoint: ['/bin/sh'] }).command).toEqual(['/bin/sh']);
    expect(
      resolveWorkload(image, { ...request, entrypoint: ['/bin/sh'], command: ['-c', 'id'] }).command,
    ).toEqual(['/bin/sh', '-c', 'id']);
    expect(resolveWorkload(image, { ...request, entrypoint: [], command: ['id'] }).command).toEqual(['id']);
  });

  it("lays the request's env over the image's and prefers the request's settings", () => {
    const resolved = resolveWorkload(image, {
      ...request,
      env: { MODE: 'run', EXTRA: '1' },
      user: '0:0',
      workingDir: '/tmp',
      stopSignal: 'SIGINT',
      stopTimeoutSeconds: 3,
    });
    expect(resolved).toMatchObject({
      env: { PATH: '/bin', MODE: 'run', EMPTY: '', EXTRA: '1' },
      user: '0:0',
      workingDir: '/tmp',
      stopSignal: 'SIGINT',
      stopTimeoutSeconds: 3,
    });
  });

  it("falls back to Docker's defaults when the image says nothing", () => {
    expect(resolveWorkload(imageConfigSchema.parse({ cmd: ['httpd'] }), request)).toEqual({
      command: ['httpd'],
      env: {},
      user: '',
      workingDir: '',
      stopSignal: 'SIGTERM',
      stopTimeoutSeconds: 10,
    });
  });
});

describe('imageHealthCheck', () => {
  it('runs CMD as argv and CMD-SHELL through sh -c, with Docker defaults for zero fields', () => {
    expect(
      imageHealthCheck({
        test: ['CMD', 'wget', '-q', 'localhost'],
        intervalNs: 2e9,
        timeoutNs: 0,
        startPeriodNs: 0,
        retries: 0,
      }),
    ).toEqual({
      kind: 'command',
      command: ['wget', '-q', 'localhost'],
      intervalMs: 2_000,
      timeoutMs: 30_000,
      retries: 3,
      startPeriodMs: 0,
    });
    expect(
      imageHealthCheck({
        test: ['CMD-SHELL', 'wget -q localhost || exit 1'],
        intervalNs: 0,
        timeoutNs: 1e9,
        startPeriodNs: 0,
        retries: 5,
      }),
    ).toMatchObject({ command: ['sh', '-c', 'wget -q localhost || exit 1'], timeoutMs: 1_000, retries: 5 });
  });

  it('has none for NONE or no healthcheck', () => {
    expect(imageHealthCheck(null)).toBeNull();
    expect(
      imageHealthCheck({ test: ['NONE'], intervalNs: 0, timeoutNs: 0, startPeriodNs: 0, retries: 0 }),
    ).toBeNull();
  });
});
