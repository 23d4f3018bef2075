import { randomBytes } from 'node:crypto';
import {
  serviceSpecSchema,
  type NodeView,
  type ServiceSpec,
  type ServiceSpecInput,
  type ServiceView,
  type TaskView,
} from '@switchyard/contracts';
import { ServiceError } from '../../errors.js';
import type { FakeInventory } from './fake-inventory.js';
import type { NodeSpecChange, ServiceLogLine, SwarmBackend } from '../../docker-api/swarm-backend.js';

// An in-memory stand-in for the services layer, for the Engine API's tests: tasks run at once,
// spread round-robin over active nodes; nothing of health checks, VIP rules or DNS.

const newId = (): string => randomBytes(13).toString('hex').slice(0, 25);
const now = (): string => new Date().toISOString();

export class FakeSwarm implements SwarmBackend {
  readonly cluster = { id: 'swarmclusterid0000000000a', createdAt: '2026-11-28T09:00:00.000Z' };
  readonly serviceViews = new Map<string, ServiceView>();
  readonly nodeViews: NodeView[] = ['host1', 'host2', 'host3'].map((name, index) => ({
    id: `node${index + 1}${'0'.repeat(20)}`,
    name,
    underlayAddress: `192.168.81.${index + 2}`,
    status: 'ready',
    capabilities: [],
    agentVersion: '0.1.0',
    kernelVersion: '6.8.0',
    lastHeartbeatAt: '2026-11-28T09:30:00.000Z',
    joinedAt: '2026-11-28T09:00:00.000Z',
    desiredRevision: 1,
    observedRevision: 1,
    conditions: [],
    labels: {},
    availability: 'active',
    version: 1,
  }));
  private readonly taskViews: TaskView[] = [];

  constructor(private readonly inventory: FakeInventory) {}

  private find(key: string): ServiceView {
    const found =
      this.serviceViews.get(key) ??
      [...this.serviceViews.values()].find((view) => view.spec.name === key || view.id.startsWith(key));
    if (found === undefined) throw new ServiceError('NOT_FOUND', `no service named ${key}`);
    return found;
  }

  /** Shuts down tasks beyond the desired count and starts the missing ones on active nodes. */
  private converge(view: ServiceView): void {
    const active = this.nodeViews.filter((node) => node.availability === 'active' && node.status === 'ready');
    const desired = view.spec.mode === 'global' ? active.length : view.spec.replicas;
    const running = this.taskViews.filter(
      (task) => task.serviceId === view.id && task.desiredState === 'running',
    );
    for (const task of running) {
      const keep =
        task.slot !== null && task.slot <= desired && active.some((node) => node.id === task.nodeId);
      if (!keep)
        Object.assign(task, {
          desiredState: 'shutdown',
          state: 'shutdown',
          message: 'shutdown',
          updatedAt: now(),
        });
    }
    for (let slot = 1; slot <= desired; slot += 1) {
      if (
        this.taskViews.some((t) => t.serviceId === view.id && t.slot === slot && t.desiredState === 'running')
      )
        continue;
      const node = active[(slot - 1) % active.length];
      if (node === undefined) break;
      const id = newId();
      this.taskViews.push({
        id,
        name: `${view.spec.name}.${slot}.${id}`,
        serviceId: view.id,
        slot,
        nodeId: node.id,
        nodeName: node.name,
        desiredState: 'running',
        state: 'running',
        health: null,
        message: 'started',
        error: null,
        containerId: randomBytes(32).toString('hex'),
        addresses: view.virtualIps.map((vip, index) => ({ ...vip, address: `10.0.${index}.${10 + slot}` })),
        createdAt: now(),
        updatedAt: now(),
      });
    }
    view.tasks = this.taskViews.filter((task) => task.serviceId === view.id);
    view.running = view.tasks.filter(
      (task) => task.state === 'running' && task.desiredState === 'running',
    ).length;
    view.desired = desired;
  }

  private settle(view: ServiceView, spec: ServiceSpec): void {
    view.spec = spec;
    view.virtualIps = spec.networks.map((attachment, index) => {
      const network = this.inventory.findNetwork(attachment.network);
      return { networkId: network.id, networkName: network.name, address: `10.0.${index}.2` };
    });
    let next = 30_000;
    view.ports = spec.ports.map((port) => ({ ...port, publishedPort: port.publishedPort ?? next++ }));
    this.converge(view);
  }

  readonly services = {
    list: () => Promise.resolve(structuredClone([...this.serviceViews.values()])),
    get: (key: string) => Promise.resolve(structuredClone(this.find(key))),
    create: (input: ServiceSpecInput) => {
      const spec = serviceSpecSchema.parse(input);
      if ([...this.serviceViews.values()].some((view) => view.spec.name === spec.name)) {
        return Promise.reject(new ServiceError('CONFLICT', `service ${spec.name} already exists`));
      }
      const view: ServiceView = {
        id: newId(),
        version: 1,
        spec,
        createdAt: now(),
        updatedAt: now(),
        virtualIps: [],
        ports: [],
        running: 0,
        desired: 0,
        updateStatus: null,
        pending: [],
        tasks: [],
      };
      this.settle(view, spec);
      this.serviceViews.set(view.id, view);
      return Promise.resolve(structuredClone(view));
    },
    update: (key: string, input: ServiceSpecInput, version: number) => {
      const view = this.find(key);
      if (view.version !== version)
        return Promise.reject(new ServiceError('CONFLICT', 'update out of sequence'));
      view.version += 1;
      view.updatedAt = now();
      view.updateStatus = {
        state: 'completed',
        startedAt: now(),
        completedAt: now(),
        message: 'update completed',
        done: 1,
        total: 1,
      };
      this.settle(view, serviceSpecSchema.parse(input));
      return Promise.resolve(structuredClone(view));
    },
    remove: (key: string) => {
      const view = this.find(key);
      this.serviceViews.delete(view.id);
      this.taskViews.splice(
        0,
        this.taskViews.length,
        ...this.taskViews.filter((t) => t.serviceId !== view.id),
      );
      return Promise.resolve();
    },
    tasks: () => Promise.resolve(structuredClone(this.taskViews)),
    logs: (key: string, options: { tail: number | null }) => {
      const view = this.find(key);
      const lines: ServiceLogLine[] = view.tasks
        .filter((task) => task.desiredState === 'running' && task.nodeId !== null)
        .map((task, index) => ({
          stream: 'stdout',
          at: `2026-11-28T10:00:0${index}.000Z`,
          text: `GET / 200 from ${task.name}`,
          taskId: task.id,
          nodeId: task.nodeId ?? '',
        }));
      return Promise.resolve(options.tail === null ? lines : lines.slice(-options.tail));
    },
  };

  readonly nodes = {
    list: () => Promise.resolve(structuredClone(this.nodeViews)),
    update: (key: string, change: NodeSpecChange, version: number) => {
      const node = this.nodeViews.find((n) => n.id === key || n.name === key);
      if (node === undefined) return Promise.reject(new ServiceError('NOT_FOUND', `node ${key} not found`));
      if (node.version !== version)
        return Promise.reject(new ServiceError('CONFLICT', 'update out of sequence'));
      Object.assign(node, change, { version: node.version + 1 });
      for (const view of this.serviceViews.values()) this.converge(view);
      return Promise.resolve(structuredClone(node));
    },
  };
}
