import type { DesiredState } from '@switchyard/contracts';
import { bridgeNetworks, isLoopbackIpv4, localnetBridges, portNetwork, publishedHostIp } from './bridges.js';
import { chain } from './chain.js';
import { natTable, tableKey } from './tables.js';

/**
 * `ip switchyard_nat`: masquerade for egress and published ports. Ports are DNATed in prerouting
 * (traffic from elsewhere) and output (`priority -100`: nft 1.0.6 rejects `dstnat` there) for
 * connections from the host itself; both only for addresses that are local to this host. The output
 * hook takes a 127.0.0.0/8 destination only to a port bound to exactly that address
 * (`-p 127.0.0.1:8080:80`), never to one published on every address.
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
  // Ports bound to a loopback address: only the host itself can reach them, through the output hook.
  const loopback: string[] = [];
  for (const sandbox of document.sandboxes) {
    for (const port of sandbox.ports) {
      const network = portNetwork(sandbox, port.targetAddress, networks);
      if (network === undefined || network.bridge.internal) continue;
      const bridge = network.bridge.interfaceName;
      const hostIp = publishedHostIp(port, network);
      const daddr = hostIp === '0.0.0.0' ? '' : `ip daddr ${hostIp} `;
      const rule = `${daddr}${port.protocol} dport ${port.hostPort} dnat to ${port.targetAddress}:${port.containerPort}`;
      (isLoopbackIpv4(hostIp) ? loopback : published).push(rule);
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
  if (postrouting.length === 0 && published.length === 0 && loopback.length === 0) return undefined;

  const chains: string[] = [];
  if (published.length > 0) {
    chains.push(
      chain('prerouting', 'type nat hook prerouting priority dstnat; policy accept;', [
        'fib daddr type local jump published',
      ]),
    );
  }
  if (published.length > 0 || loopback.length > 0) {
    chains.push(
      // A port published on every address must not shadow a service the host keeps on 127.0.0.1
      // (Docker's `! -d 127.0.0.0/8`); a port bound to 127.0.0.1 is exactly that address's.
      chain('output', 'type nat hook output priority -100; policy accept;', [
        ...(published.length > 0 ? ['ip daddr != 127.0.0.0/8 fib daddr type local jump published'] : []),
        ...(loopback.length > 0 ? ['ip daddr 127.0.0.0/8 jump published_loopback'] : []),
      ]),
    );
  }
  if (published.length > 0) chains.push(chain('published', undefined, published));
  if (loopback.length > 0) chains.push(chain('published_loopback', undefined, loopback));
  chains.push(chain('postrouting', 'type nat hook postrouting priority srcnat; policy accept;', postrouting));
  return `table ${tableKey(natTable)} {\n${chains.join('\n')}}\n`;
}
