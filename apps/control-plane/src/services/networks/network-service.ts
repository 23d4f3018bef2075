import {
  ipv4Schema,
  networkCreateSchema,
  nodeLabel,
  type Cidr,
  type NetworkCreateInput,
  type NetworkView,
} from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { settlePools } from '../../ipam/allocator.js';
import { newDockerId } from '../../inventory/ids.js';
import { findContainer, findNetwork } from '../../inventory/lookup.js';
import { readHostNetworks, readNetwork, type Network } from '../../inventory/rows.js';
import { networkViews } from '../../inventory/views.js';
import { chooseNode } from '../../placement/placement.js';
import { announce, nodeLoads, type InventoryDeps } from '../inventory-deps.js';
import type { NetworkService } from '../inventory.js';
import { parseInput } from '../parse-input.js';
import { ServiceError } from '../service-error.js';
import { resolveBridgeOptions } from './bridge-options.js';
import { attachEndpoint, checkJoin } from './endpoints.js';

const connectSchema = z.object({
  aliases: z.array(z.string().min(1)).default([]),
  ipv4Address: ipv4Schema.optional(),
});

function checkDriver(driver: string): void {
  if (driver === 'bridge') return;
  if (driver === 'host' || driver === 'null') {
    throw new ServiceError('CONFLICT', `only one instance of "${driver}" network is allowed`, 'driver');
  }
  throw new ServiceError('BAD_REQUEST', `plugin "${driver}" not found`, 'driver');
}

async function allSubnets(tx: Tx): Promise<Cidr[]> {
  const rows = await tx.network.findMany();
  return rows.flatMap((row) => readNetwork(row).ipam.map((pool) => pool.subnet));
}

/** Bridge names must differ on one node (the default bridge, docker0, is on every node). */
async function checkBridgeName(tx: Tx, nodeId: string, interfaceName: string): Promise<void> {
  const rows = await tx.network.findMany({
    where: { driver: 'bridge', OR: [{ nodeId }, { predefined: true }] },
  });
  const clash = rows
    .map(readNetwork)
    .find(
      (other) =>
        resolveBridgeOptions(other.options, other.id, other.predefined).interfaceName === interfaceName,
    );
  if (clash !== undefined) {
    throw new ServiceError(
      'CONFLICT',
      `bridge name ${interfaceName} is already used by network ${clash.name}`,
      'options.com.docker.network.bridge.name',
    );
  }
}

export class Networks implements NetworkService {
  constructor(private readonly deps: InventoryDeps) {}

  async create(input: NetworkCreateInput, actor: string): Promise<NetworkView> {
    const request = parseInput(networkCreateSchema, input);
    checkDriver(request.driver);
    const id = newDockerId();
    const bridge = resolveBridgeOptions(request.options, id, false);
    const created = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          if ((await tx.network.findUnique({ where: { name: request.name } })) !== null) {
            throw new ServiceError('CONFLICT', `network with name ${request.name} already exists`, 'name');
          }
          const nodes = await nodeLoads(tx);
          const node = chooseNode(nodes, request.labels[nodeLabel], 'network');
          await checkBridgeName(tx, node.id, bridge.interfaceName);
          const ipam = settlePools(request.ipam, {
            taken: await allSubnets(tx),
            hostNetworks: readHostNetworks(nodes.find((n) => n.id === node.id)?.hostNetworks ?? '[]'),
            defaultPools: this.deps.config.defaultAddressPools,
          });
          const row = await tx.network.create({
            data: {
              id,
              name: request.name,
              driver: request.driver,
              scope: 'local',
              nodeId: node.id,
              ipam: JSON.stringify(ipam),
              options: JSON.stringify(request.options),
              labels: JSON.stringify(request.labels),
              internal: request.internal,
              attachable: request.attachable,
            },
          });
          return { row, nodeName: node.name, subnets: ipam.map((pool) => pool.subnet) };
        },
        ({ row, nodeName, subnets }) => ({
          kind: 'network.created',
          severity: 'info',
          actor,
          subject: row.name,
          message: `${actor} created network ${row.name} (${row.driver}, ${subnets.join(', ')}) on ${nodeName}`,
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
          if ((await tx.endpoint.count({ where: { networkId: network.id } })) > 0) {
            throw new ServiceError(
              'CONFLICT',
              `error while removing network: network ${network.name} id ${network.id} has active endpoints`,
              'network',
            );
          }
          await tx.network.delete({ where: { id: network.id } });
          return network;
        },
        (network) => ({
          kind: 'network.removed',
          severity: 'info',
          actor,
          subject: network.name,
          message: `${actor} removed network ${network.name}`,
        }),
      ),
    );
    await announce(this.deps, [{ kind: 'network', id: removed.id }], [removed.nodeId]);
  }

  async connect(
    networkKey: string,
    containerKey: string,
    options: { aliases?: string[]; ipv4Address?: string },
    actor: string,
  ): Promise<void> {
    const request = parseInput(connectSchema, options);
    const { network, sandbox } = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const network = readNetwork(await findNetwork(tx, networkKey));
          const sandbox = await findContainer(tx, containerKey);
          if (network.driver !== 'bridge') {
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
          await attachEndpoint(tx, sandbox.id, network, join, '');
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
          if (network.driver !== 'bridge') {
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
      const unused = await this.deps.db.network.findMany({
        where: { predefined: false, endpoints: { none: {} } },
        orderBy: { name: 'asc' },
      });
      for (const network of unused) {
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
      return unused;
    });
    await announce(
      this.deps,
      pruned.map((network) => ({ kind: 'network' as const, id: network.id })),
      pruned.map((network) => network.nodeId),
    );
    return pruned.map((network) => network.name);
  }

  private announceEndpoint(network: Network, sandbox: { id: string; nodeId: string }): Promise<void> {
    return announce(
      this.deps,
      [
        { kind: 'network', id: network.id },
        { kind: 'container', id: sandbox.id },
      ],
      [sandbox.nodeId],
    );
  }
}
