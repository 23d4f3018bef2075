import { serviceSpecSchema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { toServiceSpecInput } from './service-translate.js';

// What `docker service create --name web --replicas 3 --network appnet -p 8080:80 switchyard/whoami`
// sends (28.x), trimmed of the fields the CLI fills with zero values.
const cliBody = {
  Name: 'web',
  Labels: {},
  TaskTemplate: {
    ContainerSpec: {
      Image: 'switchyard/whoami:latest@sha256:0123abcd',
      Labels: null,
      Args: null,
      Env: null,
      Init: false,
      DNSConfig: {},
      Isolation: 'default',
    },
    Resources: { Limits: {}, Reservations: {} },
    Placement: {},
    Networks: [{ Target: 'appnet' }],
    ForceUpdate: 0,
    Runtime: 'container',
  },
  Mode: { Replicated: { Replicas: 3 } },
  UpdateConfig: {
    Parallelism: 1,
    FailureAction: 'pause',
    Monitor: 5e9,
    MaxFailureRatio: 0,
    Order: 'stop-first',
  },
  RollbackConfig: {
    Parallelism: 1,
    FailureAction: 'pause',
    Monitor: 5e9,
    MaxFailureRatio: 0,
    Order: 'stop-first',
  },
  EndpointSpec: {
    Mode: 'vip',
    Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }],
  },
};

const withContainer = (fields: Record<string, unknown>) => ({
  ...cliBody,
  TaskTemplate: { ...cliBody.TaskTemplate, ContainerSpec: { Image: 'switchyard/whoami', ...fields } },
});

describe('toServiceSpecInput', () => {
  it('translates what docker service create sends, dropping the digest the CLI pinned', () => {
    expect(serviceSpecSchema.parse(toServiceSpecInput(cliBody))).toEqual({
      name: 'web',
      image: 'switchyard/whoami:latest',
      command: [],
      entrypoint: null,
      user: null,
      workingDir: null,
      stopSignal: null,
      stopTimeout: null,
      env: {},
      labels: {},
      mode: 'replicated',
      replicas: 3,
      networks: [{ network: 'appnet', aliases: [] }],
      endpointMode: 'vip',
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
      constraints: [],
      healthCheck: null,
      restartPolicy: { name: 'always', maximumRetryCount: 0 },
      update: { parallelism: 1, delayMs: 0 },
    });
  });

  it('takes Command as the entrypoint and Args as the command, splits Env, and reads global mode, dnsrr, host ports and constraints', () => {
    const input = toServiceSpecInput({
      ...withContainer({ Command: ['whoami'], Args: ['--port', '81'], Env: ['A=1=2', 'B'] }),
      Labels: { team: 'a' },
      Mode: { Global: {} },
      EndpointSpec: {
        Mode: 'dnsrr',
        Ports: [{ TargetPort: 53, Protocol: 'udp', PublishedPort: 0, PublishMode: 'host' }],
      },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'switchyard/whoami',
          Command: ['whoami'],
          Args: ['--port', '81'],
          Env: ['A=1=2', 'B'],
        },
        Networks: [{ Target: 'n1', Aliases: ['api'] }],
        Placement: { Constraints: ['node.labels.zone==east'] },
        RestartPolicy: { Condition: 'on-failure', MaxAttempts: 3 },
      },
      UpdateConfig: { Parallelism: 2, Delay: 10e9 },
    });
    expect(input).toMatchObject({
      entrypoint: ['whoami'],
      command: ['--port', '81'],
      env: { A: '1=2', B: '' },
      labels: { team: 'a' },
      mode: 'global',
      endpointMode: 'dnsrr',
      ports: [{ protocol: 'udp', targetPort: 53, publishedPort: null, publishMode: 'host' }],
      networks: [{ network: 'n1', aliases: ['api'] }],
      constraints: ['node.labels.zone==east'],
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      update: { parallelism: 2, delayMs: 10_000 },
    });
  });

  it('reads health checks in nanoseconds: shell, exec, NONE and the agent probes', () => {
    const check = (Test: string[]) =>
      toServiceSpecInput(
        withContainer({ Healthcheck: { Test, Interval: 2e9, Timeout: 5e8, Retries: 4, StartPeriod: 1e10 } }),
      ).healthCheck;
    const timing = { intervalMs: 2_000, timeoutMs: 500, retries: 4, startPeriodMs: 10_000 };
    expect(check(['CMD-SHELL', 'wget -q localhost'])).toEqual({
      kind: 'command',
      command: ['/bin/sh', '-c', 'wget -q localhost'],
      ...timing,
    });
    expect(check(['CMD', 'true'])).toEqual({ kind: 'command', command: ['true'], ...timing });
    expect(check(['CMD-SHELL', 'switchyard-probe http 80 /health'])).toEqual({
      kind: 'http',
      port: 80,
      path: '/health',
      ...timing,
    });
    expect(check(['CMD', 'switchyard-probe', 'tcp', '80'])).toMatchObject({ kind: 'tcp', port: 80 });
    expect(check(['NONE'])).toBeNull();
    expect(check([])).toBeUndefined();
  });

  it('treats Parallelism 0 as all tasks at once', () => {
    expect(toServiceSpecInput({ ...cliBody, UpdateConfig: { Parallelism: 0 } }).update).toEqual({
      parallelism: 3,
      delayMs: 0,
    });
  });

  it('refuses what Switchyard cannot do, naming the Docker field', () => {
    expect(() => toServiceSpecInput(withContainer({ Mounts: [{ Type: 'bind' }] }))).toThrow(
      'invalid TaskTemplate.ContainerSpec.Mounts: mounts are not supported by the process runtime',
    );
    expect(() => toServiceSpecInput({ ...cliBody, Mode: { ReplicatedJob: {} } })).toThrow(
      'invalid Mode.ReplicatedJob: jobs are not supported',
    );
    expect(() =>
      toServiceSpecInput({
        ...cliBody,
        TaskTemplate: { ContainerSpec: { Image: 'x' }, Placement: { Constraints: ['node.role==manager'] } },
      }),
    ).toThrow(/invalid TaskTemplate\.Placement\.Constraints\[0\]: must look like node\.hostname==host1/);
    expect(() =>
      toServiceSpecInput(withContainer({ Healthcheck: { Test: ['CMD', 'true'], Interval: 1e6 } })),
    ).toThrow('invalid TaskTemplate.ContainerSpec.Healthcheck.Interval: must be between 100 ms and 3600 s');
    expect(() => toServiceSpecInput({ ...cliBody, Name: '' })).toThrow('invalid Name: is required');
  });
});
