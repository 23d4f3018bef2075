import type { Ipv4 } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { allocateAddress, macFor } from '../ipam/allocator.js';
import { takenAddresses } from '../ipam/taken-addresses.js';
import { newDockerId } from '../inventory/ids.js';
import type { Network } from '../inventory/rows.js';
import { ServiceError } from '../errors.js';
import { resolveMacvlanOptions } from '../drivers/macvlan.js';

/** Drivers whose endpoints get an interface and an address (host and none get neither). */
const addressedDrivers = new Set(['bridge', 'overlay', 'macvlan']);

export interface JoinRequest {
  aliases: string[];
  ipv4Address?: Ipv4 | undefined;
}

/**
 * Refuses joins Docker refuses: config-only networks, swarm networks not made `--attachable`
 * (every container here is standalone), and on the default bridge aliases and fixed addresses.
 */
export function checkJoin(network: Network, request: JoinRequest, field: string): void {
  const networkField = field === '' ? 'network' : `${field}.network`;
  if (network.configOnly) {
    throw new ServiceError(
      'BAD_REQUEST',
      `network ${network.name} is a config-only network: containers join the networks created --config-from it`,
      networkField,
    );
  }
  if (network.predefined && network.nodeId !== null) {
    throw new ServiceError(
      'BAD_REQUEST',
      `${network.name} is the gateway bridge of overlay containers: it is joined with an overlay, not directly`,
      networkField,
    );
  }
  if (network.scope === 'swarm' && !network.attachable) {
    throw new ServiceError(
      'FORBIDDEN',
      `Could not attach to network ${network.name}: rpc error: code = PermissionDenied desc = network ${network.name} not manually attachable`,
      networkField,
    );
  }
  if (!network.predefined || network.driver !== 'bridge') return;
  if (request.aliases.length > 0) {
    throw new ServiceError(
      'BAD_REQUEST',
      'network-scoped alias is supported only for containers in user defined networks',
      `${field}.aliases`,
    );
  }
  if (request.ipv4Address !== undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      'user specified IP address is supported on user defined networks only',
      `${field}.ipv4Address`,
    );
  }
}

/** Passthru hands the parent itself to one container: a second on the same node is refused. */
async function checkPassthru(tx: Tx, sandboxId: string, network: Network, field: string): Promise<void> {
  const { parent, mode } = resolveMacvlanOptions(network.options);
  if (mode !== 'passthru') return;
  const sandbox = await tx.sandbox.findUniqueOrThrow({ where: { id: sandboxId }, select: { nodeId: true } });
  const holder = await tx.endpoint.findFirst({
    where: { networkId: network.id, sandbox: { nodeId: sandbox.nodeId } },
    include: { sandbox: { select: { name: true } } },
  });
  if (holder !== null) {
    throw new ServiceError(
      'CONFLICT',
      `network ${network.name} is in passthru mode: parent ${parent} is already given to container ${holder.sandbox.name} on this node`,
      `${field === '' ? 'network' : `${field}.network`}`,
    );
  }
}

/**
 * Joins a sandbox to a network inside the caller's transaction: the next free ethN and an address
 * from the network's pools (host and none get neither). The unique (network, address) key is the
 * backstop should two allocations ever race.
 */
export async function attachEndpoint(
  tx: Tx,
  sandboxId: string,
  network: Network,
  request: JoinRequest,
  field: string,
): Promise<void> {
  const data = {
    id: newDockerId(),
    networkId: network.id,
    sandboxId,
    aliases: JSON.stringify(request.aliases),
  };
  if (!addressedDrivers.has(network.driver)) {
    await tx.endpoint.create({ data });
    return;
  }
  const [mine, taken] = await Promise.all([
    tx.endpoint.findMany({ where: { sandboxId }, select: { interfaceName: true } }),
    takenAddresses(tx, network.id),
  ]);
  if (network.driver === 'macvlan') await checkPassthru(tx, sandboxId, network, field);
  const used = new Set(mine.map((endpoint) => endpoint.interfaceName));
  let index = 0;
  while (used.has(`eth${index}`)) index += 1;
  const allocation = allocateAddress(network, taken, request.ipv4Address, `${field}.ipv4Address`);
  await tx.endpoint.create({
    data: {
      ...data,
      interfaceName: `eth${index}`,
      address: allocation.address,
      prefixLength: allocation.prefixLength,
      mac: macFor(allocation.address),
    },
  });
}
