import type { DesiredState } from '@switchyard/contracts';
import { bridgeNetworks } from './bridges.js';
import { chain } from './chain.js';
import { filterTable, tableKey } from './tables.js';

/**
 * `inet switchyard_filter`: the forward rules between bridges. Internal networks keep everything
 * inside their bridge; other bridges are isolated from each other; ICC off drops traffic within a
 * bridge. Replies and published-port (DNATed) flows pass. Undefined when no rule is needed.
 */
export function renderFilter(document: Pick<DesiredState, 'networks'>): string | undefined {
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
  if (internal.length + isolation.length + icc.length === 0) return undefined;

  const rules = [
    ...internal,
    'ct state established,related accept',
    'ct status dnat accept',
    ...isolation,
    ...icc,
  ];
  const hook = 'type filter hook forward priority filter; policy accept;';
  return `table ${tableKey(filterTable)} {\n${chain('forward', hook, rules)}}\n`;
}
