import type { Protocol, ServicePort } from '@switchyard/contracts';
import { defaultControlPlanePort, type ControlPlaneConfig } from '../config.js';
import { vxlanPort } from '../drivers/overlay.js';
import { ServiceError } from '../errors.js';

/** Swarm picks published ports from this range when none is given. */
export const dynamicPortRange = { first: 30_000, last: 32_767 };

export interface HeldPort {
  protocol: string;
  publishedPort: number;
  /** Who holds it, as the refusal names it: `service web`, `the HTTP routing mesh`. */
  holder: string;
}

export type SettledPort = ServicePort & { publishedPort: number };

/** The HTTP routing mesh's proxy listens on every host: no service may publish over it. */
export function meshPorts(httpPort: number, sniPort: number): HeldPort[] {
  return [
    { protocol: 'tcp', publishedPort: httpPort, holder: 'the HTTP routing mesh (SWITCHYARD_HRM_HTTP_PORT)' },
    { protocol: 'tcp', publishedPort: sniPort, holder: 'the HTTP routing mesh (SWITCHYARD_HRM_SNI_PORT)' },
  ];
}

/** A port the cluster itself uses on every host: no container or service may publish it. */
export interface ReservedPort {
  protocol: Protocol;
  port: number;
  /** Why, as the refusal ends: `is reserved for <reason>`. */
  reason: string;
}

/**
 * The cluster's own ports: the overlay's VXLAN port, SSH, and the control plane's port (the default
 * 7080 too when it listens on an ephemeral one). The agent has no listener of its own; the routing
 * mesh's ports are held by meshPorts.
 */
export function reservedPorts(config: Pick<ControlPlaneConfig, 'port'>): ReservedPort[] {
  const controlPort = config.port > 0 ? config.port : defaultControlPlanePort;
  return [
    { protocol: 'udp', port: vxlanPort, reason: "the overlay's VXLAN traffic" },
    { protocol: 'tcp', port: 22, reason: 'SSH on the hosts' },
    { protocol: 'tcp', port: controlPort, reason: 'the control plane (SWITCHYARD_PORT)' },
  ];
}

/** Refuses a published port the cluster keeps for itself, naming the field and the reason. */
export function refuseReservedPort(
  reserved: readonly ReservedPort[],
  protocol: string,
  port: number | null,
  field: string,
): void {
  const hit = reserved.find((entry) => entry.port === port && entry.protocol === protocol);
  if (hit === undefined) return;
  throw new ServiceError(
    'BAD_REQUEST',
    `${field}: published port ${hit.port}/${hit.protocol} is reserved for ${hit.reason}`,
    field,
  );
}

/**
 * Settles a service's published ports against those every other service holds (unique per
 * protocol across the cluster, since ingress answers on every host). A port the service held
 * before for the same target keeps its number; otherwise the lowest free one from the range.
 */
export function settleServicePorts(
  requested: ServicePort[],
  heldByOthers: HeldPort[],
  previous: SettledPort[] = [],
  reserved: readonly ReservedPort[] = [],
): SettledPort[] {
  requested.forEach((port, index) =>
    refuseReservedPort(reserved, port.protocol, port.publishedPort, `ports.${index}.publishedPort`),
  );
  const taken = new Map(heldByOthers.map((port) => [`${port.protocol}/${port.publishedPort}`, port.holder]));
  // Never picked for a port without a number either.
  for (const entry of reserved) taken.set(`${entry.protocol}/${entry.port}`, `reserved: ${entry.reason}`);
  const settled: SettledPort[] = [];
  const mine = new Set<string>();
  requested.forEach((port, index) => {
    const field = `ports.${index}.publishedPort`;
    if (port.publishedPort !== null) {
      const key = `${port.protocol}/${port.publishedPort}`;
      const holder = taken.get(key);
      if (holder !== undefined) {
        throw new ServiceError(
          'CONFLICT',
          `port ${port.publishedPort} is already in use by ${holder}`,
          field,
        );
      }
      if (mine.has(key)) {
        throw new ServiceError(
          'BAD_REQUEST',
          `port ${port.publishedPort}/${port.protocol} is published twice`,
          field,
        );
      }
      mine.add(key);
      settled.push({ ...port, publishedPort: port.publishedPort });
      return;
    }
    settled.push({ ...port, publishedPort: 0 });
  });
  // Dynamic ports after the fixed ones, so a fixed port is never taken by a dynamic pick.
  for (const [index, port] of settled.entries()) {
    if (port.publishedPort !== 0) continue;
    const kept = previous.find(
      (old) =>
        old.protocol === port.protocol &&
        old.targetPort === port.targetPort &&
        !mine.has(`${old.protocol}/${old.publishedPort}`) &&
        !taken.has(`${old.protocol}/${old.publishedPort}`),
    );
    let chosen = kept?.publishedPort;
    for (
      let candidate = dynamicPortRange.first;
      chosen === undefined && candidate <= dynamicPortRange.last;
      candidate += 1
    ) {
      const key = `${port.protocol}/${candidate}`;
      if (!taken.has(key) && !mine.has(key)) chosen = candidate;
    }
    if (chosen === undefined) {
      throw new ServiceError(
        'CONFLICT',
        'no published port left in 30000-32767',
        `ports.${index}.publishedPort`,
      );
    }
    mine.add(`${port.protocol}/${chosen}`);
    settled[index] = { ...port, publishedPort: chosen };
  }
  return settled;
}
