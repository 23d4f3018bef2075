import type { Protocol } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';

export interface HostBinding {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
}

/** Linux's default ephemeral range, which Docker draws `-P` ports from. */
export const ephemeralPorts = { first: 32_768, last: 60_999 };

/** Two bindings collide on the same port and protocol when their addresses are equal or one is 0.0.0.0. */
export function bindingsCollide(a: HostBinding, b: HostBinding): boolean {
  return (
    a.hostPort === b.hostPort &&
    a.protocol === b.protocol &&
    (a.hostIp === b.hostIp || a.hostIp === '0.0.0.0' || b.hostIp === '0.0.0.0')
  );
}

/** A binding a node holds, with what holds it (`container web`) when that is known. */
export type HeldBinding = HostBinding & { holder?: string };

/**
 * Checks a wanted binding against the node's held ones, as the kernel's bind would. The refusal is
 * Docker's, then names the holder: Docker's alone leaves the operator searching every container.
 */
export function claimHostPort(held: HeldBinding[], wanted: HostBinding, field: string): HostBinding {
  const clash = held.find((binding) => bindingsCollide(binding, wanted));
  if (clash !== undefined) {
    const holder = clash.holder === undefined ? '' : `: held by ${clash.holder}`;
    throw new ServiceError(
      'CONFLICT',
      `Bind for ${wanted.hostIp}:${wanted.hostPort} failed: port is already allocated${holder}`,
      field,
    );
  }
  return wanted;
}

/** The lowest free ephemeral port for `-P` or `-p 80`. */
export function pickHostPort(
  held: HostBinding[],
  hostIp: string,
  protocol: Protocol,
  field: string,
): HostBinding {
  for (let port = ephemeralPorts.first; port <= ephemeralPorts.last; port += 1) {
    const candidate = { hostIp, hostPort: port, protocol };
    if (!held.some((binding) => bindingsCollide(binding, candidate))) return candidate;
  }
  throw new ServiceError('CONFLICT', `no free host port left on this node for ${protocol}`, field);
}

export interface PortRequest {
  hostIp: string | null;
  hostPort: number | null;
  containerPort: number;
  protocol: Protocol;
}

export type SettledPort = HostBinding & { containerPort: number };

/**
 * Settles a container's published ports on its node: the default address filled in, a free
 * ephemeral port for those without one, and each checked against what the node already holds.
 */
export function settlePorts(
  requests: PortRequest[],
  held: HeldBinding[],
  defaultHostIp: string,
): SettledPort[] {
  const holding: HeldBinding[] = [...held];
  return requests.map((request, index) => {
    const hostIp = request.hostIp ?? defaultHostIp;
    const field = `ports.${index}`;
    const binding =
      request.hostPort === null
        ? pickHostPort(holding, hostIp, request.protocol, field)
        : claimHostPort(holding, { hostIp, hostPort: request.hostPort, protocol: request.protocol }, field);
    holding.push({ ...binding, holder: `this container's ports.${index}` });
    return { ...binding, containerPort: request.containerPort };
  });
}
