import type { DesiredState } from '@switchyard/contracts';
import { bridgeNetworks, localnetBridges } from './bridges.js';
import { chain } from './chain.js';
import { filterTable, tableKey } from './tables.js';

/**
 * `inet switchyard_filter`: the forward rules between bridges. Internal networks keep everything
 * inside their bridge; other bridges are isolated from each other; ICC off drops traffic within a
 * bridge. Replies and published-port (DNATed) flows pass. Where a bridge has `route_localnet=1`, a
 * prerouting chain at raw priority (before conntrack and NAT) drops packets to 127.0.0.0/8 that come
 * in on another interface than `lo` with a non-loopback source, so nothing on a bridge or beyond
 * reaches the host's loopback services (CVE-2020-8558). Undefined when no rule is needed.
 */
export function renderFilter(document: Pick<DesiredState, 'networks' | 'sandboxes'>): string | undefined {
  const networks = bridgeNetworks(document).sort((a, b) =>
    a.bridge.interfaceName.localeCompare(b.bridge.interfaceName),
  );
  const internal: string[] = [];
  for (const network of networks.filter((candidate) => candidate.bridge.internal)) {
    const name = network.bridge.interfaceName;
    internal.push(
      `iifname "${name}" oifname != "${name}" drop`,
      `oifname "${name}" iifname != "${name}" drop`,
    );
  }
  const open = networks.filter((network) => !network.bridge.internal).map((n) => n.bridge.interfaceName);
  const pairs = open.flatMap((a) => open.filter((b) => b !== a).map((b) => `"${a}" . "${b}"`));
  const isolation = pairs.length === 0 ? [] : [`iifname . oifname { ${pairs.join(', ')} } drop`];
  const icc = networks
    .filter((network) => !network.bridge.icc)
    .map(({ bridge }) => `iifname "${bridge.interfaceName}" oifname "${bridge.interfaceName}" drop`);
  const localnet = localnetBridges(document).length > 0;
  if (internal.length + isolation.length + icc.length === 0 && !localnet) return undefined;

  const chains: string[] = [];
  if (localnet) {
    chains.push(
      chain('prerouting', 'type filter hook prerouting priority raw; policy accept;', [
        'iifname != "lo" ip saddr != 127.0.0.0/8 ip daddr 127.0.0.0/8 drop',
      ]),
    );
  }
  const rules = [
    ...internal,
    'ct state established,related accept',
    'ct status dnat accept',
    ...isolation,
    ...icc,
  ];
  const hook = 'type filter hook forward priority filter; policy accept;';
  if (internal.length + isolation.length + icc.length > 0) chains.push(chain('forward', hook, rules));
  return `table ${tableKey(filterTable)} {\n${chains.join('\n')}}\n`;
}
