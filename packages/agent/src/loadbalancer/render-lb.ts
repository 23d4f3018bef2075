import type { VirtualService } from '@switchyard/contracts';
import { chain } from '../firewall/chain.js';
import type { TableSpec } from '../firewall/tables.js';
import type { MappedChain, VerdictTable } from '../firewall/verdict-map.js';

/** Each sandbox balances its services' VIPs in its own namespace, in this table. */
export const lbTable: TableSpec = { family: 'ip', name: 'switchyard_lb' };

export function serviceChainName(serviceId: string): string {
  return `svc-${serviceId.slice(0, 12)}`;
}

/**
 * A random backend for each new connection (conntrack keeps the flow on it, so a backend taken out
 * only stops getting new connections); the port is kept, as a Swarm VIP's port is the task's.
 */
export function serviceRules(backends: readonly string[]): string[] {
  if (backends.length === 0) return [];
  const map = backends.map((backend, i) => `${i} : ${backend}`).join(', ');
  return [`dnat to numgen random mod ${backends.length} map { ${map} }`];
}

/**
 * nat `output` (`priority -100`, as nft 1.0.6 rejects `dstnat` there) dispatches on VIP, protocol
 * and port. A VIP without backends is refused (TCP reset, else port-unreachable) instead of hanging;
 * that happens in a filter chain, as a reject in the nat chain left connections timing out.
 */
const skeleton = [
  chain('output', 'type nat hook output priority -100; policy accept;', [
    'ip daddr . meta l4proto . th dport vmap @services',
  ]),
  chain('reject-output', 'type filter hook output priority filter; policy accept;', [
    'ip daddr . meta l4proto . th dport @no-backends meta l4proto tcp reject with tcp reset',
    'ip daddr . meta l4proto . th dport @no-backends reject',
  ]),
].join('\n');

/** The load-balancer table of one sandbox; undefined when it balances nothing. */
export function lbTableSpec(services: readonly VirtualService[]): VerdictTable | undefined {
  if (services.length === 0) return undefined;
  const chains = new Map<string, MappedChain>();
  for (const service of services) {
    chains.set(serviceChainName(service.serviceId), {
      keys: service.ports.map((port) => `${service.vip} . ${port.protocol} . ${port.port}`),
      rules: serviceRules(service.backends),
      rejected: service.backends.length === 0,
    });
  }
  return {
    table: lbTable,
    map: 'services',
    rejectSet: 'no-backends',
    mapType: 'ipv4_addr . inet_proto . inet_service : verdict',
    skeleton,
    chains,
  };
}
