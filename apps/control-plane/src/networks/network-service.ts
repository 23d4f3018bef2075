import {
  networkConnectOptionsSchema,
  networkCreateRequestSchema,
  type NetworkCreateRequestInput,
  type NetworkView,
} from '@switchyard/contracts';
import { newDockerId } from '../inventory/ids.js';
import { findContainer, findNetwork } from '../inventory/lookup.js';
import { readNetwork, type Network } from '../inventory/rows.js';
import { networkViews } from './network-views.js';
import { isNetworkModeDriver, networkRequirements } from '../drivers/registry.js';
import { unmet } from '../placement/requirements.js';
import { announce, type InventoryDeps } from '../inventory/deps.js';
import { nodeLoads } from '../nodes/node-loads.js';
import type { NetworkService } from './api.js';
import { ServiceError, parseInput } from '../errors.js';
import { attachEndpoint, checkJoin } from './endpoints.js';
import { syncGwBridgeEndpoint } from './gwbridge.js';
import { isMeshNetwork } from '../compiler/mesh-networks.js';
import { nodesOnNetworks } from './peer-nodes.js';
import { describeSettled, settleNetwork } from './settle-network.js';
import { checkIngress } from './ingress.js';
import { endpointHolders } from './endpoint-holders.js';

export class Networks implements NetworkService {
  constructor(private readonly deps: InventoryDeps) {}

  async create(input: NetworkCreateRequestInput, actor: string): Promise<NetworkView> {
    const request = parseInput(networkCreateRequestSchema, input);
    const id = newDockerId();
    const created = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          if ((await tx.network.findUnique({ where: { name: request.name } })) !== null) {
            throw new ServiceError('CONFLICT', `network with name ${request.name} already exists`, 'name');
          }
          if (request.ingress) await checkIngress(tx, request);
          const settled = await settleNetwork(tx, request, id, this.deps.config.defaultAddressPools);
          const row = await tx.network.create({
            data: {
              id,
              name: request.name,
              driver: settled.driver,
              scope: settled.scope,
              nodeId: settled.nodeId,
              ipam: JSON.stringify(settled.ipam),
              options: JSON.stringify(settled.options),
              labels: JSON.stringify(request.labels),
              internal: request.internal,
              attachable: request.attachable && !request.ingress,
              ingress: request.ingress,
              vni: settled.vni,
              configOnly: settled.configOnly,
              configFrom: settled.configFrom,
            },
          });
          return { row, settled };
        },
        ({ row, settled }) => ({
          kind: 'network.created',
          severity: 'info',
          actor,
          subject: row.name,
          message: `${actor} created network ${row.name} ${describeSettled(settled)}`,
        }),
      ),
    );
    await announce(this.deps, [{ kind: 'network', id }], [created.row.nodeId]);
    return this.get(id);
  }

  list(): Promise<NetworkView[]> {
    return networkViews(this.deps.db);
  }

  async get(idOrName: string): Promise<NetworkView> {
    const row = await findNetwork(this.deps.db, idOrName);
    const [view] = await networkViews(this.deps.db, { id: row.id });
    if (view === undefined) throw new ServiceError('NOT_FOUND', `No such network: ${idOrName}`, 'network');
    return view;
  }

  async remove(idOrName: string, actor: string): Promise<void> {
    const removed = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const network = await findNetwork(tx, idOrName);
          if (network.predefined) {
            throw new ServiceError(
              'CONFLICT',
              `${network.name} is a pre-defined network and cannot be removed`,
              'network',
            );
          }
          const dependant = network.configOnly
            ? await tx.network.findFirst({ where: { configFrom: network.name } })
            : null;
          if (dependant !== null) {
            throw new ServiceError(
              'CONFLICT',
              `configuration network "${network.name}" is in use by network ${dependant.name}`,
              'network',
            );
          }
          const vip = await tx.virtualIp.findFirst({
            where: { networkId: network.id },
            include: { service: { select: { name: true } } },
          });
          if (vip !== null) {
            throw new ServiceError(
              'CONFLICT',
              `network ${network.name} is in use by service ${vip.service.name}`,
              'network',
            );
          }
          const endpoints = await tx.endpoint.findMany({
            where: { networkId: network.id },
            select: { sandbox: { select: { name: true, task: { select: { id: true } } } } },
            orderBy: { createdAt: 'asc' },
          });
          if (endpoints.length > 0) {
            throw new ServiceError(
              'CONFLICT',
              `error while removing network: network ${network.name} id ${network.id} has active endpoints (${endpointHolders(endpoints)})`,
              'network',
            );
          }
          // A mesh network's proxy legs go with it (the rows cascade): their nodes leave it.
          const legs = await nodesOnNetworks(tx, [network.id]);
          await tx.network.delete({ where: { id: network.id } });
          return { network, legs };
        },
        ({ network }) => ({
          kind: 'network.removed',
          severity: 'info',
          actor,
          subject: network.name,
          message: `${actor} removed network ${network.name}`,
        }),
      ),
    );
    await announce(
      this.deps,
      [{ kind: 'network', id: removed.network.id }],
      [removed.network.nodeId, ...removed.legs],
    );
  }

  async connect(
    networkKey: string,
    containerKey: string,
    options: { aliases?: string[]; ipv4Address?: string },
    actor: string,
  ): Promise<void> {
    const request = parseInput(networkConnectOptionsSchema, options);
    const { network, sandbox } = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const network = readNetwork(await findNetwork(tx, networkKey));
          const sandbox = await findContainer(tx, containerKey);
          if (isNetworkModeDriver(network.driver)) {
            throw new ServiceError(
              'CONFLICT',
              `container cannot be connected to the ${network.name} network: it is a network mode chosen at creation`,
              'network',
            );
          }
          if (sandbox.networkMode === 'host' || sandbox.networkMode === 'none') {
            throw new ServiceError(
              'CONFLICT',
              `container ${sandbox.name} is in ${sandbox.networkMode} network mode and cannot be connected to other networks`,
              'container',
            );
          }
          if (network.nodeId !== null && network.nodeId !== sandbox.nodeId) {
            throw new ServiceError(
              'BAD_REQUEST',
              `network ${network.name} lives on another node than container ${sandbox.name}: a container joins local networks of its own node`,
              'network',
            );
          }
          const existing = await tx.endpoint.findUnique({
            where: { networkId_sandboxId: { networkId: network.id, sandboxId: sandbox.id } },
          });
          if (existing !== null) {
            throw new ServiceError(
              'CONFLICT',
              `endpoint with name ${sandbox.name} already exists in network ${network.name}`,
              'container',
            );
          }
          const join = { aliases: request.aliases, ipv4Address: request.ipv4Address };
          checkJoin(network, join, '');
          const node = (await nodeLoads(tx)).find((candidate) => candidate.id === sandbox.nodeId);
          const missing = unmet(node?.capabilities ?? [], networkRequirements(network));
          if (missing !== undefined) {
            throw new ServiceError('BAD_REQUEST', missing.reason(node?.name ?? sandbox.nodeId), 'network');
          }
          await attachEndpoint(tx, sandbox.id, network, join, '');
          await syncGwBridgeEndpoint(tx, sandbox.id, this.deps.config.defaultAddressPools);
          return { network, sandbox };
        },
        ({ network, sandbox }) => ({
          kind: 'network.connected',
          severity: 'info',
          actor,
          subject: network.name,
          message: `${actor} connected container ${sandbox.name} to network ${network.name}`,
        }),
      ),
    );
    await this.announceEndpoint(network, sandbox);
  }

  async disconnect(networkKey: string, containerKey: string, _force: boolean, actor: string): Promise<void> {
    const { network, sandbox } = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const network = readNetwork(await findNetwork(tx, networkKey));
          const sandbox = await findContainer(tx, containerKey);
          if (isNetworkModeDriver(network.driver)) {
            throw new ServiceError(
              'CONFLICT',
              `container cannot be disconnected from the ${network.name} network: it is its network mode`,
              'network',
            );
          }
          const removed = await tx.endpoint.deleteMany({
            where: { networkId: network.id, sandboxId: sandbox.id },
          });
          if (removed.count === 0) {
            throw new ServiceError(
              'CONFLICT',
              `container ${sandbox.id} is not connected to network ${network.name}`,
              'container',
            );
          }
          await syncGwBridgeEndpoint(tx, sandbox.id, this.deps.config.defaultAddressPools);
          return { network, sandbox };
        },
        ({ network, sandbox }) => ({
          kind: 'network.disconnected',
          severity: 'info',
          actor,
          subject: network.name,
          message: `${actor} disconnected container ${sandbox.name} from network ${network.name}`,
        }),
      ),
    );
    await this.announceEndpoint(network, sandbox);
  }

  async prune(actor: string): Promise<string[]> {
    const pruned = await this.deps.lock.run(async () => {
      const inUse = await this.deps.db.network.findMany({
        where: { configFrom: { not: null } },
        select: { configFrom: true },
      });
      const unused = await this.deps.db.network.findMany({
        // A config-only network another network takes its settings from stays.
        where: {
          predefined: false,
          // The ingress network is the routing mesh's, as in Docker: prune leaves it.
          ingress: false,
          endpoints: { none: {} },
          name: { notIn: inUse.flatMap((row) => (row.configFrom === null ? [] : [row.configFrom])) },
        },
        orderBy: { name: 'asc' },
      });
      // Mesh networks are the routing mesh's, like ingress: prune leaves them too.
      const prunable = unused.filter((row) => !isMeshNetwork(readNetwork(row)));
      for (const network of prunable) {
        await this.deps.events.commit(
          (tx) => tx.network.delete({ where: { id: network.id } }),
          () => ({
            kind: 'network.removed',
            severity: 'info',
            actor,
            subject: network.name,
            message: `${actor} removed network ${network.name} (prune)`,
          }),
        );
      }
      return prunable;
    });
    await announce(
      this.deps,
      pruned.map((network) => ({ kind: 'network' as const, id: network.id })),
      pruned.map((network) => network.nodeId),
    );
    return pruned.map((network) => network.name);
  }

  /** The container's node, and for a swarm network every node that lists its endpoints as peers. */
  private async announceEndpoint(network: Network, sandbox: { id: string; nodeId: string }): Promise<void> {
    const peers = await nodesOnNetworks(this.deps.db, [network.id]);
    await announce(
      this.deps,
      [
        { kind: 'network', id: network.id },
        { kind: 'container', id: sandbox.id },
      ],
      [sandbox.nodeId, ...peers],
    );
  }
}
