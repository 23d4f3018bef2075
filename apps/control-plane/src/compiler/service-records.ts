import type {
  DesiredState,
  DnsRecord,
  HealthStatus,
  Ipv4,
  Protocol,
  SrvRecord,
  VirtualService,
} from '@switchyard/contracts';
import { servesTraffic } from '../scheduler/task-state.js';

export interface ServiceTaskFacts {
  name: string;
  running: boolean;
  healthChecked: boolean;
  health: HealthStatus | null;
  addresses: { networkId: string; address: string }[];
}

/** A service as the compiler sees it: its networks, VIPs, ports and live tasks. */
export interface ServiceFacts {
  id: string;
  name: string;
  endpointMode: 'vip' | 'dnsrr';
  /** Every network the service is on (the ingress network too when it publishes in ingress mode). */
  networkIds: string[];
  vips: { networkId: string; address: string }[];
  /** Ports its tasks listen on: the targets of its published ports and its image's exposed ports. */
  ports: { protocol: Protocol; port: number }[];
  /** Ingress-mode published ports. */
  published: { protocol: Protocol; publishedPort: number; targetPort: number }[];
  tasks: ServiceTaskFacts[];
}

export interface IngressFacts {
  networkId: string;
  endpoint: { address: string; prefixLength: number; mac: string };
}

/** The host side of the routing mesh's veth: in each host's namespace, so one name fits all. */
export const ingressInterfaceName = 'sy-ingress';

const byAddress = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Addresses on the network of the tasks that take traffic now, sorted so documents are stable. */
function servingAddresses(service: ServiceFacts, networkId: string): string[] {
  return service.tasks
    .filter(servesTraffic)
    .flatMap((task) => task.addresses.filter((a) => a.networkId === networkId).map((a) => a.address))
    .sort(byAddress);
}

export interface ServiceDiscovery {
  records: DnsRecord[];
  srv: SrvRecord[];
  virtualServices: VirtualService[];
}

/**
 * What one sandbox resolves and balances for the services on the networks it is on (`networkIds`:
 * its networks with name resolution). The service name answers the VIP (vip) or the serving
 * tasks (dnsrr); `tasks.<name>` the serving tasks; SRV `_port._proto.<name>` per task port.
 */
export function serviceDiscovery(networkIds: Set<string>, services: ServiceFacts[]): ServiceDiscovery {
  const records: DnsRecord[] = [];
  const srv = new Map<string, SrvRecord>();
  const virtualServices: VirtualService[] = [];
  for (const service of services) {
    for (const networkId of service.networkIds) {
      if (!networkIds.has(networkId)) continue;
      const serving = servingAddresses(service, networkId);
      const vip = service.vips.find((candidate) => candidate.networkId === networkId)?.address;
      const nameTargets = service.endpointMode === 'vip' ? (vip === undefined ? [] : [vip]) : serving;
      for (const address of nameTargets) records.push({ name: service.name, address: address as Ipv4 });
      for (const address of serving)
        records.push({ name: `tasks.${service.name}`, address: address as Ipv4 });
      const servingNames = service.tasks.filter(servesTraffic).map((task) => task.name);
      for (const port of service.ports) {
        const name = `_${port.port}._${port.protocol}.${service.name}`;
        const targets = service.endpointMode === 'vip' ? [service.name] : servingNames;
        for (const target of targets) srv.set(`${name}|${target}`, { name, target, port: port.port });
      }
      if (service.endpointMode === 'vip' && vip !== undefined) {
        virtualServices.push({
          serviceId: service.id,
          vip: vip as Ipv4,
          ports: service.ports,
          backends: serving as Ipv4[],
        });
      }
    }
  }
  return {
    records,
    srv: [...srv.values()].sort((a, b) => a.name.localeCompare(b.name) || a.target.localeCompare(b.target)),
    virtualServices: virtualServices.sort(
      (a, b) => a.serviceId.localeCompare(b.serviceId) || byAddress(a.vip, b.vip),
    ),
  };
}

/** This node's routing mesh: its ingress endpoint and every ingress-mode port with its serving tasks. */
export function compileIngress(
  ingress: IngressFacts | null,
  services: ServiceFacts[],
): DesiredState['ingress'] {
  if (ingress === null) return null;
  const published = services
    .flatMap((service) =>
      service.published.map((port) => ({
        serviceId: service.id,
        protocol: port.protocol,
        publishedPort: port.publishedPort,
        targetPort: port.targetPort,
        backends: servingAddresses(service, ingress.networkId) as Ipv4[],
      })),
    )
    .sort((a, b) => a.publishedPort - b.publishedPort || a.protocol.localeCompare(b.protocol));
  return {
    networkId: ingress.networkId,
    endpoint: {
      interfaceName: ingressInterfaceName,
      address: ingress.endpoint.address as Ipv4,
      prefixLength: ingress.endpoint.prefixLength,
      mac: ingress.endpoint.mac as DesiredState['sandboxes'][number]['endpoints'][number]['mac'],
    },
    published,
  };
}
