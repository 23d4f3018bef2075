import type { DesiredState } from '@switchyard/contracts';
import { chain } from '../firewall/chain.js';
import type { TableSpec } from '../firewall/tables.js';
import type { MappedChain, VerdictTable } from '../firewall/verdict-map.js';

type Ingress = NonNullable<DesiredState['ingress']>;

/** The routing mesh's table in the host namespace. */
export const ingressTable: TableSpec = { family: 'ip', name: 'switchyard_ingress' };

export function publishedChainName(protocol: string, port: number): string {
  return `pub-${protocol}-${port}`;
}

/**
 * A published port arriving for any local address (from elsewhere in prerouting, from the host itself
 * in output, but never for 127.0.0.0/8) goes to a random task of the service on the ingress network, wherever it runs; leaving
 * through the ingress veth it takes the host's ingress address, so replies come back through this
 * host (without that masquerade every request timed out). A port without tasks has no chain entry:
 * nothing listens on the host, so the host's kernel refuses it. Undefined: no published port.
 */
export function ingressTableSpec(ingress: DesiredState['ingress']): VerdictTable | undefined {
  if (ingress === null || ingress.published.length === 0) return undefined;
  const chains = new Map<string, MappedChain>();
  for (const port of ingress.published) {
    if (port.backends.length === 0) continue;
    const map = port.backends.map((backend, i) => `${i} : ${backend}`).join(', ');
    chains.set(publishedChainName(port.protocol, port.publishedPort), {
      keys: [`${port.protocol} . ${port.publishedPort}`],
      rules: [
        `meta l4proto ${port.protocol} dnat to numgen random mod ${port.backends.length} map { ${map} } : ${port.targetPort}`,
      ],
    });
  }
  return {
    table: ingressTable,
    map: 'published',
    mapType: 'inet_proto . inet_service : verdict',
    skeleton: skeleton(ingress),
    chains,
  };
}

function skeleton(ingress: Ingress): string {
  const dispatch = 'fib daddr type local meta l4proto . th dport vmap @published';
  return [
    chain('prerouting', 'type nat hook prerouting priority dstnat; policy accept;', [dispatch]),
    // Never a loopback destination: the mesh must not shadow what the host keeps on 127.0.0.1.
    chain('output', 'type nat hook output priority -100; policy accept;', [
      `ip daddr != 127.0.0.0/8 ${dispatch}`,
    ]),
    chain('postrouting', 'type nat hook postrouting priority srcnat; policy accept;', [
      `ct status dnat oifname "${ingress.endpoint.interfaceName}" masquerade`,
    ]),
  ].join('\n');
}
