import { serviceSpecSchema, type NodeView, type ServiceView, type TaskView } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { toDockerNode, toNodeSpecChange } from './node-json.js';
import { encodeServiceLogs } from './service-logs.js';
import { nodeMatches, parseNodeFilters, parseTaskFilters, taskMatches } from './swarm-filters.js';

const node: NodeView = {
  id: 'n1abc',
  name: 'host1',
  underlayAddress: '192.168.81.2',
  status: 'ready',
  capabilities: [],
  agentVersion: '0.1.0',
  kernelVersion: '6.8.0',
  lastHeartbeatAt: '2026-11-28T09:30:00.000Z',
  joinedAt: '2026-11-28T09:00:00.000Z',
  desiredRevision: 1,
  observedRevision: 1,
  conditions: [],
  labels: { zone: 'east' },
  availability: 'drain',
  version: 4,
};

describe('nodes', () => {
  it('shows an agent as a Swarm worker node', () => {
    expect(toDockerNode(node)).toMatchObject({
      ID: 'n1abc',
      Version: { Index: 4 },
      Spec: { Labels: { zone: 'east' }, Role: 'worker', Availability: 'drain' },
      Description: { Hostname: 'host1', Engine: { EngineVersion: '0.1.0' } },
      Status: { State: 'ready', Addr: '192.168.81.2' },
    });
    expect(toDockerNode(node)).not.toHaveProperty('ManagerStatus');
  });

  it('reads what docker node update sends back, refusing a promotion', () => {
    expect(toNodeSpecChange({ Labels: { k: 'v' }, Role: 'worker', Availability: 'drain' })).toEqual({
      availability: 'drain',
      labels: { k: 'v' },
    });
    expect(() => toNodeSpecChange({ Labels: null, Role: 'manager', Availability: 'active' })).toThrow(
      'invalid Role: agents are workers: the control plane is the only manager',
    );
    expect(() => toNodeSpecChange({ Availability: 'gone' })).toThrow(/invalid Availability/);
  });

  it('filters by name prefix, id prefix, role and node label', () => {
    const matches = (filters: object) => nodeMatches(node, parseNodeFilters(JSON.stringify(filters)));
    expect(matches({ name: { host: true } })).toBe(true);
    expect(matches({ id: { n1: true } })).toBe(true);
    expect(matches({ role: { manager: true } })).toBe(false);
    expect(matches({ 'node.label': { 'zone=east': true } })).toBe(true);
    expect(matches({ 'node.label': { 'zone=west': true } })).toBe(false);
  });
});

const task = (fields: Partial<TaskView>): TaskView => ({
  id: 't1',
  name: 'web.1.t1',
  serviceId: 'svc1',
  slot: 1,
  nodeId: 'n1abc',
  nodeName: 'host1',
  desiredState: 'running',
  state: 'running',
  health: null,
  message: '',
  error: null,
  containerId: null,
  addresses: [],
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  ...fields,
});

describe('task filters', () => {
  const service: ServiceView = {
    id: 'svc1',
    version: 1,
    spec: serviceSpecSchema.parse({ name: 'web', image: 'switchyard/whoami' }),
    createdAt: '2026-11-28T10:00:00.000Z',
    updatedAt: '2026-11-28T10:00:00.000Z',
    virtualIps: [],
    ports: [],
    running: 1,
    desired: 1,
    updateStatus: null,
    pending: [],
    tasks: [],
  };
  const services = [service];
  const matches = (t: TaskView, filters: object) =>
    taskMatches(t, parseTaskFilters(JSON.stringify(filters)), { services, nodes: [node] });

  it('takes the service and node by id, prefix or name', () => {
    expect(matches(task({}), { service: { web: true } })).toBe(true);
    expect(matches(task({}), { service: { svc: true } })).toBe(true);
    expect(matches(task({}), { service: { api: true } })).toBe(false);
    expect(matches(task({}), { node: { host1: true } })).toBe(true);
    expect(matches(task({ nodeId: null }), { node: { host1: true } })).toBe(false);
  });

  it('keeps desired-running tasks for desired-state=running and _up-to-date', () => {
    const old = task({ desiredState: 'shutdown', state: 'shutdown' });
    expect(matches(old, { 'desired-state': { running: true } })).toBe(false);
    expect(matches(old, { 'desired-state': { shutdown: true } })).toBe(true);
    expect(matches(old, { '_up-to-date': { true: true } })).toBe(false);
    expect(matches(task({}), { '_up-to-date': { true: true }, name: { 'web.1': true } })).toBe(true);
  });

  it('refuses unknown keys and states', () => {
    expect(() => parseTaskFilters('{"desired-state":{"paused":true}}')).toThrow(
      "invalid filter 'desired-state=paused': running, shutdown or accepted",
    );
    expect(() => parseTaskFilters('{"color":{"red":true}}')).toThrow("invalid filter 'color'");
  });
});

describe('encodeServiceLogs', () => {
  const lines = [
    { stream: 'stdout', at: '2026-11-28T10:00:00.000Z', text: 'hello', taskId: 't1', nodeId: 'n1' },
    { stream: 'stderr', at: '2026-11-28T10:00:01.000Z', text: 'oops\n', taskId: 't2', nodeId: 'n2' },
  ] as const;
  const options = { stdout: true, stderr: true, timestamps: false, details: true, since: null, until: null };

  it('prefixes each frame with the details the CLI resolves to task@node', () => {
    const body = encodeServiceLogs(lines, 'svc1', options);
    expect(body[0]).toBe(1);
    const first =
      'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=svc1,com.docker.swarm.task.id=t1 hello\n';
    expect(body.readUInt32BE(4)).toBe(Buffer.byteLength(first));
    expect(body.subarray(8, 8 + Buffer.byteLength(first)).toString()).toBe(first);
    expect(body[8 + Buffer.byteLength(first)]).toBe(2);
  });

  it('puts the timestamp first, and leaves details out for --raw', () => {
    const body = encodeServiceLogs(lines, 'svc1', {
      ...options,
      stderr: false,
      timestamps: true,
      details: false,
    });
    expect(body.subarray(8).toString()).toBe('2026-11-28T10:00:00.000000000Z hello\n');
  });
});
