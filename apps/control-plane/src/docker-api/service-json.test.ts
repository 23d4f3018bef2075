import { serviceSpecSchema, type ServiceView, type TaskView } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { toDockerPendingTasks, toDockerService, toDockerTask, type NetworkRef } from './service-json.js';
import { toServiceSpecInput } from './service-translate.js';

const networks: NetworkRef[] = [{ id: 'net1'.padEnd(64, '0'), name: 'appnet', prefixLength: 24 }];

const task: TaskView = {
  id: 'task1',
  name: 'web.1.task1',
  serviceId: 'svc1',
  slot: 1,
  nodeId: 'node1',
  nodeName: 'host1',
  desiredState: 'running',
  state: 'running',
  health: 'healthy',
  message: 'started',
  error: null,
  containerId: 'c1',
  addresses: [{ networkId: networks[0]?.id ?? '', networkName: 'appnet', address: '10.0.1.5' }],
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:01.000Z',
};

const view: ServiceView = {
  id: 'svc1',
  version: 7,
  spec: serviceSpecSchema.parse({
    name: 'web',
    image: 'switchyard/whoami',
    command: ['--port', '80'],
    env: { A: '1' },
    labels: { team: 'a' },
    replicas: 3,
    networks: [{ network: 'appnet', aliases: ['api'] }],
    ports: [{ targetPort: 80, publishedPort: null }],
    constraints: ['node.hostname==host1'],
    healthCheck: { kind: 'http', port: 80, path: '/health', intervalMs: 2_000 },
  }),
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:05:00.000Z',
  virtualIps: [{ networkId: networks[0]?.id ?? '', networkName: 'appnet', address: '10.0.1.2' }],
  ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 30000, publishMode: 'ingress' }],
  running: 3,
  desired: 3,
  updateStatus: {
    state: 'updating',
    startedAt: '2026-11-28T10:05:00.000Z',
    completedAt: null,
    message: 'update in progress',
    done: 1,
    total: 3,
  },
  pending: [],
  tasks: [task, { ...task, id: 'task0', state: 'complete', desiredState: 'shutdown' }],
};

describe('toDockerService', () => {
  it('gives Docker fields: Spec with network ids, Endpoint with settled ports and VIPs, UpdateStatus', () => {
    const service = toDockerService(view, networks, true);
    expect(service).toMatchObject({
      ID: 'svc1',
      Version: { Index: 7 },
      Spec: {
        Name: 'web',
        Labels: { team: 'a' },
        TaskTemplate: {
          ContainerSpec: {
            Image: 'switchyard/whoami',
            Args: ['--port', '80'],
            Env: ['A=1'],
            Healthcheck: {
              Test: ['CMD', 'switchyard-probe', 'http', '80', '/health'],
              Interval: 2e9,
              Timeout: 2e9,
              Retries: 3,
              StartPeriod: 0,
            },
          },
          Placement: { Constraints: ['node.hostname==host1'] },
          Networks: [{ Target: networks[0]?.id, Aliases: ['api'] }],
          RestartPolicy: { Condition: 'any', MaxAttempts: 0 },
        },
        Mode: { Replicated: { Replicas: 3 } },
        EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishMode: 'ingress' }] },
      },
      Endpoint: {
        Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 30000, PublishMode: 'ingress' }],
        VirtualIPs: [{ NetworkID: networks[0]?.id, Addr: '10.0.1.2/24' }],
      },
      UpdateStatus: {
        State: 'updating',
        StartedAt: '2026-11-28T10:05:00.000Z',
        Message: 'update in progress',
      },
      ServiceStatus: { RunningTasks: 3, DesiredTasks: 3, CompletedTasks: 1 },
    });
    expect(service.Spec.EndpointSpec.Ports?.[0]).not.toHaveProperty('PublishedPort');
    expect(toDockerService(view, networks, false)).not.toHaveProperty('ServiceStatus');
  });

  it('survives the round trip the CLI makes on update: inspect, change, send back', () => {
    const back = serviceSpecSchema.parse(toServiceSpecInput(toDockerService(view, networks, false).Spec));
    expect(back).toEqual({ ...view.spec, networks: [{ network: networks[0]?.id, aliases: ['api'] }] });
  });

  it('writes shell health checks back as CMD-SHELL and global mode as Global', () => {
    const spec = serviceSpecSchema.parse({
      ...view.spec,
      mode: 'global',
      healthCheck: { kind: 'command', command: ['/bin/sh', '-c', 'true'] },
    });
    const service = toDockerService({ ...view, spec, updateStatus: null }, networks, false);
    expect(service.Spec.TaskTemplate.ContainerSpec.Healthcheck?.Test).toEqual(['CMD-SHELL', 'true']);
    expect(service.Spec.Mode).toEqual({ Global: {} });
    expect(service).not.toHaveProperty('UpdateStatus');
  });
});

describe('toDockerTask', () => {
  it('gives what docker service ps and the CLI convergence polling read', () => {
    expect(toDockerTask(task, view, networks)).toMatchObject({
      ID: 'task1',
      ServiceID: 'svc1',
      Slot: 1,
      NodeID: 'node1',
      DesiredState: 'running',
      Status: {
        State: 'running',
        Message: 'started',
        Timestamp: '2026-11-28T10:00:01.000Z',
        ContainerStatus: { ContainerID: 'c1' },
      },
      Spec: { ContainerSpec: { Image: 'switchyard/whoami' } },
      NetworksAttachments: [{ Network: { Spec: { Name: 'appnet' } }, Addresses: ['10.0.1.5/24'] }],
    });
  });

  it('leaves out a slot, node and container the task does not have, and carries its error', () => {
    const pending = toDockerTask(
      { ...task, slot: null, nodeId: null, containerId: null, state: 'rejected', error: 'no suitable node' },
      view,
      networks,
    );
    expect(pending).not.toHaveProperty('Slot');
    expect(pending).not.toHaveProperty('NodeID');
    expect(pending.Status).toMatchObject({ State: 'rejected', Err: 'no suitable node' });
    expect(pending.Status).not.toHaveProperty('ContainerStatus');
  });
});

describe('toDockerPendingTasks', () => {
  it('lists each slot nothing could be placed for as a pending task saying why', () => {
    const pending = toDockerPendingTasks(
      { ...view, pending: ['slot 2: image web:1 is not on any ready host: h1 has no container runtime'] },
      networks,
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      ServiceID: view.id,
      Slot: 2,
      DesiredState: 'running',
      Status: { State: 'pending', Err: 'image web:1 is not on any ready host: h1 has no container runtime' },
    });
    expect(pending[0]).not.toHaveProperty('NodeID');
    expect(toDockerPendingTasks({ ...view, pending: [] }, networks)).toEqual([]);
  });
});
