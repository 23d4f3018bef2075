import type { ServiceSpec } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { findNetwork } from '../inventory/lookup.js';
import { readNetwork, type Network } from '../inventory/rows.js';
import { ServiceError } from '../errors.js';
import { usesIngress } from './spec-row.js';

export interface ServiceNetworks {
  /** The networks the spec names, in its order, with their aliases. */
  joins: { network: Network; aliases: string[] }[];
  /** The ingress network when the service publishes through the mesh. */
  ingress: Network | null;
}

/**
 * Resolves the spec's networks: swarm-scope ones only (a task may land on any node), never the
 * ingress network by hand (a service joins it by publishing a port), each once.
 */
export async function resolveServiceNetworks(tx: Tx, spec: ServiceSpec): Promise<ServiceNetworks> {
  const joins: ServiceNetworks['joins'] = [];
  for (const [index, join] of spec.networks.entries()) {
    const field = `networks.${index}.network`;
    const network = readNetwork(await findNetwork(tx, join.network, field));
    if (network.ingress) {
      throw new ServiceError(
        'BAD_REQUEST',
        `service cannot be explicitly attached to the ingress network "${network.name}": publish a port instead`,
        field,
      );
    }
    if (network.scope !== 'swarm' || network.configOnly) {
      throw new ServiceError(
        'BAD_REQUEST',
        `network ${network.name} is not a swarm-scope network: services join overlay networks`,
        field,
      );
    }
    if (joins.some((other) => other.network.id === network.id)) {
      throw new ServiceError('BAD_REQUEST', `network ${network.name} is given twice`, field);
    }
    joins.push({ network, aliases: join.aliases });
  }
  if (!usesIngress(spec)) return { joins, ingress: null };
  if (spec.endpointMode === 'dnsrr') {
    throw new ServiceError(
      'BAD_REQUEST',
      "port published with ingress mode can't be used with dnsrr mode",
      'endpointMode',
    );
  }
  const ingress = await tx.network.findFirst({ where: { ingress: true } });
  if (ingress === null) {
    throw new ServiceError(
      'BAD_REQUEST',
      'no ingress network: create one with `network create --ingress` or publish in host mode',
      'ports',
    );
  }
  return { joins, ingress: readNetwork(ingress) };
}

/** The spec as stored: network references settled to ids, so a lookup never depends on a name. */
export function settledSpec(spec: ServiceSpec, networks: ServiceNetworks): ServiceSpec {
  return {
    ...spec,
    networks: networks.joins.map((join) => ({ network: join.network.id, aliases: join.aliases })),
  };
}
