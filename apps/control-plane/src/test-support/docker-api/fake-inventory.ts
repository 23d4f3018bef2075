import { familiarReference } from '../../images/references.js';
import { randomBytes } from 'node:crypto';
import {
  containerCreateSchema,
  isBuiltinImage,
  networkCreateSchema,
  numberToIpv4,
  ipv4ToNumber,
  parseCidr,
  type Cidr,
  type ContainerCreateInput,
  type ContainerView,
  type Ipv4,
  type NetworkView,
  type NetworkCreateRequestInput,
} from '@switchyard/contracts';
import type { ContainerService, LogLine } from '../../containers/api.js';
import type { NetworkService } from '../../networks/api.js';
import { ServiceError } from '../../errors.js';

// An in-memory stand-in for the service layer, for the Engine API's tests: Docker's messages and
// rules where the API's behaviour depends on them, nothing of the allocator or the agents.

const newId = (): string => randomBytes(32).toString('hex');

function lookup<T extends { id: string; name: string }>(
  items: Map<string, T>,
  key: string,
  missing: string,
): T {
  const found =
    items.get(key) ??
    [...items.values()].find((item) => item.name === key) ??
    [...items.values()].find((item) => key.length > 0 && item.id.startsWith(key));
  if (found === undefined) throw new ServiceError('NOT_FOUND', missing);
  return found;
}

/** The fake's state, and the two services over it as the Engine API sees them. */
export class FakeInventory {
  readonly networkViews = new Map<string, NetworkView>();
  readonly containerViews = new Map<string, ContainerView>();
  readonly calls: string[] = [];
  readonly logLines: LogLine[] = [
    { stream: 'stdout', at: '2026-11-28T10:00:00.123Z', text: 'whoami listening on :80' },
    { stream: 'stderr', at: '2026-11-28T10:00:01.000Z', text: 'a warning' },
    { stream: 'stdout', at: '2026-11-28T10:00:02.000Z', text: 'GET / 200' },
  ];
  private nextSubnet = 18;

  constructor() {
    for (const [name, driver] of [
      ['bridge', 'bridge'],
      ['host', 'host'],
      ['none', 'null'],
    ] as const) {
      const view = this.newNetwork(name, driver, true);
      if (name === 'bridge') {
        view.ipam = [{ subnet: '172.17.0.0/16' as Cidr, gateway: '172.17.0.1' as Ipv4, auxAddresses: {} }];
      }
      this.networkViews.set(view.id, view);
    }
  }

  private newNetwork(name: string, driver: NetworkView['driver'], predefined: boolean): NetworkView {
    return {
      id: newId(),
      name,
      driver,
      scope: 'local',
      nodeId: null,
      nodeName: null,
      ipam: [],
      internal: false,
      attachable: false,
      ingress: false,
      predefined,
      options: {},
      labels: {},
      vni: null,
      configOnly: false,
      configFrom: null,
      peers: [],
      createdAt: new Date().toISOString(),
      containers: [],
      realisation: [],
    };
  }

  findNetwork(key: string): NetworkView {
    return lookup(this.networkViews, key, `network ${key} not found`);
  }

  private findContainer(key: string): ContainerView {
    return lookup(this.containerViews, key, `No such container: ${key}`);
  }

  private attach(view: ContainerView, network: NetworkView, aliases: string[], ipv4Address?: string): void {
    const pool = network.ipam[0];
    const address =
      ipv4Address ??
      (pool === undefined ? null : numberToIpv4(ipv4ToNumber(pool.gateway) + 1 + network.containers.length));
    const mac = `02:42:ac:11:00:${(network.containers.length + 2).toString(16).padStart(2, '0')}`;
    const endpointId = newId();
    const prefixLength = pool === undefined ? null : parseCidr(pool.subnet).prefixLength;
    view.networks.push({
      networkId: network.id,
      networkName: network.name,
      endpointId,
      aliases,
      ipv4Address: address,
      prefixLength,
      gateway: pool?.gateway ?? null,
      mac: pool === undefined ? null : mac,
    });
    if (address !== null) {
      network.containers.push({
        containerId: view.id,
        containerName: view.name,
        endpointId,
        nodeName: 'host-1',
        mac,
        ipv4Address: `${address}/${prefixLength}`,
        aliases,
      });
    }
  }

  readonly networks: NetworkService = {
    create: (input: NetworkCreateRequestInput, actor: string) => {
      this.calls.push(`network.create ${input.name} by ${actor}`);
      const request = networkCreateSchema.parse(input);
      if ([...this.networkViews.values()].some((view) => view.name === request.name)) {
        throw new ServiceError('CONFLICT', `network with name ${request.name} already exists`, 'name');
      }
      if (!['bridge', 'host', 'null'].includes(request.driver)) {
        throw new ServiceError('NOT_FOUND', `plugin "${request.driver}" not found`, 'driver');
      }
      const view = this.newNetwork(request.name, request.driver as NetworkView['driver'], false);
      const pools =
        request.ipam.length > 0
          ? request.ipam
          : [{ subnet: `172.${this.nextSubnet++}.0.0/16` as Cidr, auxAddresses: {} }];
      view.ipam = pools.map((pool) => ({
        ...pool,
        gateway: pool.gateway ?? numberToIpv4(parseCidr(pool.subnet).first + 1),
      }));
      Object.assign(view, {
        internal: request.internal,
        attachable: request.attachable,
        ingress: input.ingress ?? false,
        options: request.options,
        labels: request.labels,
      });
      this.networkViews.set(view.id, view);
      return Promise.resolve(structuredClone(view));
    },
    list: () => Promise.resolve(structuredClone([...this.networkViews.values()])),
    get: (key: string) => Promise.resolve(structuredClone(this.findNetwork(key))),
    remove: (key: string, actor: string) => {
      const view = this.findNetwork(key);
      this.calls.push(`network.remove ${view.name} by ${actor}`);
      if (view.predefined) {
        throw new ServiceError('CONFLICT', `${view.name} is a pre-defined network and cannot be removed`);
      }
      if (view.containers.length > 0) {
        throw new ServiceError(
          'CONFLICT',
          `error while removing network: network ${view.name} id ${view.id} has active endpoints`,
        );
      }
      this.networkViews.delete(view.id);
      return Promise.resolve();
    },
    connect: (network, container, options, actor) => {
      this.calls.push(`network.connect ${network} ${container} ${JSON.stringify(options)} by ${actor}`);
      const view = this.findContainer(container);
      this.attach(view, this.findNetwork(network), options.aliases ?? [], options.ipv4Address);
      return Promise.resolve();
    },
    disconnect: (network, container, force, actor) => {
      this.calls.push(`network.disconnect ${network} ${container} force=${force} by ${actor}`);
      const net = this.findNetwork(network);
      const view = this.findContainer(container);
      if (!view.networks.some((endpoint) => endpoint.networkId === net.id)) {
        throw new ServiceError('CONFLICT', `container ${view.id} is not connected to network ${net.name}`);
      }
      view.networks = view.networks.filter((endpoint) => endpoint.networkId !== net.id);
      net.containers = net.containers.filter((c) => c.containerId !== view.id);
      return Promise.resolve();
    },
    prune: (actor) => {
      this.calls.push(`network.prune by ${actor}`);
      const removed = [...this.networkViews.values()].filter(
        (view) => !view.predefined && view.containers.length === 0,
      );
      for (const view of removed) this.networkViews.delete(view.id);
      return Promise.resolve(removed.map((view) => view.name));
    },
  };

  readonly containers: ContainerService = {
    create: (input: ContainerCreateInput, actor: string) => {
      this.calls.push(`container.create ${input.name ?? ''} by ${actor}`);
      const request = containerCreateSchema.parse(input);
      if (!isBuiltinImage(request.image)) {
        throw new ServiceError('NOT_FOUND', `No such image: ${familiarReference(request.image)}`, 'image');
      }
      const id = newId();
      const name = request.name ?? `fake_${id.slice(0, 6)}`;
      const taken = [...this.containerViews.values()].find((view) => view.name === name);
      if (taken !== undefined) {
        throw new ServiceError(
          'CONFLICT',
          `Conflict. The container name "/${name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`,
          'name',
        );
      }
      let nextHostPort = 32768;
      const bound = new Set(request.ports.map((port) => `${port.containerPort}/${port.protocol}`));
      const anyPort = (request.publishAll ? request.expose : [])
        .filter((e) => !bound.has(`${e.port}/${e.protocol}`))
        .map((e) => ({ hostIp: null, hostPort: null, containerPort: e.port, protocol: e.protocol }));
      const view: ContainerView = {
        id,
        name,
        image: request.image,
        imageId: null,
        command: request.command,
        env: request.env,
        labels: request.labels,
        hostname: request.hostname ?? id.slice(0, 12),
        createdAt: new Date().toISOString(),
        nodeId: 'node-1',
        nodeName: 'host-1',
        netns: `/run/netns/sy-${id.slice(0, 12)}`,
        networkMode: request.networks[0]?.network ?? 'bridge',
        desiredRunning: false,
        status: 'created',
        pid: null,
        exitCode: null,
        startedAt: null,
        finishedAt: null,
        restartCount: 0,
        restartPolicy: request.restartPolicy,
        autoRemove: request.autoRemove ?? false,
        error: null,
        ports: [...request.ports, ...anyPort].map((port) => ({
          ...port,
          hostIp: port.hostIp ?? '0.0.0.0',
          hostPort: port.hostPort ?? nextHostPort++,
        })),
        exposedPorts: request.expose,
        dns: request.dns,
        dnsSearch: request.dnsSearch,
        networks: [],
      };
      const wanted = request.networks.length > 0 ? request.networks : [{ network: 'bridge', aliases: [] }];
      const resolved = wanted.map((entry) => ({ entry, network: this.findNetwork(entry.network) }));
      this.containerViews.set(id, view);
      for (const { entry, network } of resolved) {
        this.attach(view, network, entry.aliases, 'ipv4Address' in entry ? entry.ipv4Address : undefined);
      }
      return Promise.resolve(structuredClone(view));
    },
    list: ({ all }) => {
      const views = [...this.containerViews.values()];
      return Promise.resolve(
        structuredClone(all ? views : views.filter((view) => view.status === 'running')),
      );
    },
    get: (key) => Promise.resolve(structuredClone(this.findContainer(key))),
    state: (key) => {
      const { id, status, exitCode, finishedAt } = this.findContainer(key);
      return Promise.resolve({ id, status, exitCode, finishedAt });
    },
    start: (key, actor) => {
      const view = this.findContainer(key);
      this.calls.push(`container.start ${view.name} by ${actor}`);
      Object.assign(view, {
        status: 'running',
        desiredRunning: true,
        pid: 4242,
        startedAt: new Date().toISOString(),
      });
      return Promise.resolve(structuredClone(view));
    },
    stop: (key, actor, timeoutSeconds) => {
      const view = this.findContainer(key);
      this.calls.push(`container.stop ${view.name} t=${timeoutSeconds ?? 'default'} by ${actor}`);
      Object.assign(view, {
        status: 'exited',
        desiredRunning: false,
        pid: null,
        exitCode: 0,
        finishedAt: new Date().toISOString(),
      });
      return Promise.resolve(structuredClone(view));
    },
    remove: (key, { force }, actor) => {
      const view = this.findContainer(key);
      this.calls.push(`container.remove ${view.name} force=${force} by ${actor}`);
      if (view.status === 'running' && !force) {
        throw new ServiceError(
          'CONFLICT',
          `cannot remove container "/${view.name}": container is running: stop the container before removing or force remove`,
        );
      }
      for (const endpoint of view.networks) {
        const network = this.networkViews.get(endpoint.networkId);
        if (network !== undefined) {
          network.containers = network.containers.filter((c) => c.containerId !== view.id);
        }
      }
      this.containerViews.delete(view.id);
      return Promise.resolve();
    },
    rename: (key, name, actor) => {
      const view = this.findContainer(key);
      this.calls.push(`container.rename ${view.name} to ${name} by ${actor}`);
      view.name = name;
      return Promise.resolve(structuredClone(view));
    },
    logs: (key, { tail }) => {
      this.findContainer(key);
      const lines = tail === null ? this.logLines : tail === 0 ? [] : this.logLines.slice(-tail);
      return Promise.resolve(structuredClone(lines));
    },
    top: (key) => {
      this.findContainer(key);
      return Promise.resolve({ titles: ['UID', 'PID', 'CMD'], processes: [['root', '1', 'sleep infinity']] });
    },
    kill: (key, signal, actor) => {
      const view = this.findContainer(key);
      this.calls.push(`container.kill ${view.name} ${signal} by ${actor}`);
      return Promise.resolve();
    },
  };
}
