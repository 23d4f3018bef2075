import {
  dockerNetworkConnectSchema,
  dockerNetworkCreateSchema,
  given,
  type NetworkView,
  type NetworkCreateRequestInput,
} from '@switchyard/contracts';
import { overlayOptions } from '../drivers/overlay.js';
import { parseBody } from './parse-body.js';

export function toNetworkCreateInput(body: unknown): NetworkCreateRequestInput {
  const request = parseBody(dockerNetworkCreateSchema, body);
  const scope = given(request.Scope);
  const configFrom = given(request.ConfigFrom?.Network);
  return {
    name: request.Name,
    driver: given(request.Driver) ?? 'bridge',
    ipam: (request.IPAM?.Config ?? []).map((pool) => ({
      subnet: pool.Subnet,
      ipRange: given(pool.IPRange),
      gateway: given(pool.Gateway),
      auxAddresses: pool.AuxiliaryAddresses ?? {},
    })),
    internal: request.Internal ?? false,
    attachable: request.Attachable ?? false,
    ingress: request.Ingress ?? false,
    options: request.Options,
    labels: request.Labels,
    ...(scope === 'local' || scope === 'swarm' ? { scope } : {}),
    configOnly: request.ConfigOnly ?? false,
    ...(configFrom === undefined ? {} : { configFrom }),
  };
}

/** An overlay shows its VNI among its options, as Docker's does. */
function dockerOptions(view: NetworkView): Record<string, string> {
  if (view.vni === null) return view.options;
  return { ...view.options, [overlayOptions.vxlanIdList]: String(view.vni) };
}

/**
 * Docker's network resource, as `docker network inspect` and `docker network ls` read it. A swarm
 * network shows its Peers (the nodes it lives on); `Containers` lists every endpoint, since this
 * API answers for the whole cluster, and `--verbose` adds the (empty: no services yet) `Services`.
 */
export function toDockerNetwork(view: NetworkView, verbose = false) {
  return {
    Name: view.name,
    Id: view.id,
    Created: view.createdAt,
    Scope: view.scope,
    Driver: view.driver,
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: {},
      Config: view.ipam.map((pool) => ({
        Subnet: pool.subnet,
        ...(pool.ipRange === undefined ? {} : { IPRange: pool.ipRange }),
        Gateway: pool.gateway,
        ...(Object.keys(pool.auxAddresses).length === 0 ? {} : { AuxiliaryAddresses: pool.auxAddresses }),
      })),
    },
    Internal: view.internal,
    Attachable: view.attachable,
    Ingress: view.ingress,
    ConfigFrom: { Network: view.configFrom ?? '' },
    ConfigOnly: view.configOnly,
    Containers: Object.fromEntries(
      view.containers.map((container) => [
        container.containerId,
        {
          Name: container.containerName,
          EndpointID: container.endpointId,
          MacAddress: container.mac,
          IPv4Address: container.ipv4Address,
          IPv6Address: '',
        },
      ]),
    ),
    Options: dockerOptions(view),
    Labels: view.labels,
    ...(view.scope === 'swarm'
      ? { Peers: view.peers.map((peer) => ({ Name: peer.nodeName, IP: peer.address })) }
      : {}),
    ...(verbose ? { Services: {} } : {}),
  };
}

/** `POST /networks/{id}/connect`, as `docker network connect --alias --ip` sends it. */
export function toConnectRequest(body: unknown): {
  container: string;
  options: { aliases?: string[]; ipv4Address?: string };
} {
  const request = parseBody(dockerNetworkConnectSchema, body);
  const aliases = request.EndpointConfig?.Aliases ?? [];
  const ipv4Address = given(request.EndpointConfig?.IPAMConfig?.IPv4Address);
  return {
    container: request.Container,
    options: {
      ...(aliases.length > 0 ? { aliases } : {}),
      ...(ipv4Address === undefined ? {} : { ipv4Address }),
    },
  };
}
