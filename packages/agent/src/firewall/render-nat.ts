import type { DesiredState } from '@switchyard/contracts';
import { bridgeNetworks, localnetBridges, portNetwork } from './bridges.js';
import { chain } from './chain.js';
import { natTable, tableKey } from './tables.js';

/**
 * `ip switchyard_nat`: masquerade for egress and published ports. Ports are DNATed in prerouting
 * (traffic from elsewhere) and output (`priority -100`: nft 1.0.6 rejects `dstnat` there) for
 * connections from the host itself; both only for addresses that are local to this host, and the
 * output hook never for 127.0.0.0/8.
 * Returns undefined when nothing needs the table.
 */
export function renderNat(document: Pick<DesiredState, 'networks' | 'sandboxes'>): string | undefined {
  const networks = bridgeNetworks(document);
  const postrouting: string[] = [];
  for (const network of networks) {
    if (!network.bridge.masquerade || network.bridge.internal) continue;
    for (const { subnet } of network.subnets) {
      postrouting.push(`ip saddr ${subnet} oifname != "${network.bridge.interfaceName}" masquerade`);
    }
  }

  const published: string[] = [];
  for (const sandbox of document.sandboxes) {
    for (const port of sandbox.ports) {
      const network = portNetwork(sandbox, port.targetAddress, networks);
      if (network === undefined || network.bridge.internal) continue;
      const bridge = network.bridge.interfaceName;
      // A port without its own address binds to the network's `host_binding_ipv4`, as in Docker.
      const hostIp = port.hostIp === '0.0.0.0' ? network.bridge.hostBindingIpv4 : port.hostIp;
      const daddr = hostIp === '0.0.0.0' ? '' : `ip daddr ${hostIp} `;
      const match = `${port.protocol} dport`;
      published.push(`${daddr}${match} ${port.hostPort} dnat to ${port.targetAddress}:${port.containerPort}`);
      // Hairpin: a sandbox on the same bridge reaching the published port must see replies come
      // back through the host, so that flow leaves with the gateway's address.
      for (const { subnet } of network.subnets) {
        postrouting.push(
          `oifname "${bridge}" ip saddr ${subnet} ip daddr ${port.targetAddress} ${port.protocol} dport ${port.containerPort} ct status dnat masquerade`,
        );
      }
    }
  }
  // Connections from the host to 127.0.0.1:<port> leave with a loopback source the sandbox cannot
  // answer; route_localnet lets them out and this masquerade gives them the gateway's address.
  for (const bridge of localnetBridges(document)) {
    postrouting.push(`oifname "${bridge}" ip saddr 127.0.0.0/8 masquerade`);
  }
  if (postrouting.length === 0 && published.length === 0) return undefined;

  const chains: string[] = [];
  if (published.length > 0) {
    chains.push(
      chain('prerouting', 'type nat hook prerouting priority dstnat; policy accept;', [
        'fib daddr type local jump published',
      ]),
      // Never a loopback destination: a published port must not shadow a service the host keeps on
      // 127.0.0.1 (Docker's `! -d 127.0.0.0/8`).
      chain('output', 'type nat hook output priority -100; policy accept;', [
        'ip daddr != 127.0.0.0/8 fib daddr type local jump published',
      ]),
      chain('published', undefined, published),
    );
  }
  chains.push(chain('postrouting', 'type nat hook postrouting priority srcnat; policy accept;', postrouting));
  return `table ${tableKey(natTable)} {\n${chains.join('\n')}}\n`;
}
