import type { DesiredState } from '@switchyard/contracts';
import { bridgeNetworks, portNetwork } from '../firewall/bridges.js';

/**
 * Host sysctls that the networks themselves need. `global` can be set before anything exists;
 * `perBridge` only once the bridges do.
 */
export function derivedSysctls(document: Pick<DesiredState, 'networks' | 'sandboxes'>): {
  global: Record<string, string>;
  perBridge: Record<string, string>;
} {
  const bridges = bridgeNetworks(document);
  const global: Record<string, string> = bridges.length > 0 ? { 'net.ipv4.ip_forward': '1' } : {};
  const perBridge: Record<string, string> = {};
  for (const sandbox of document.sandboxes) {
    for (const port of sandbox.ports) {
      const network = portNetwork(sandbox, port.targetAddress, bridges);
      // Lets connections from the host to 127.0.0.1:<published port> be routed onto the bridge.
      if (network !== undefined && !network.bridge.internal) {
        perBridge[`net.ipv4.conf.${network.bridge.interfaceName}.route_localnet`] = '1';
      }
    }
  }
  return { global, perBridge };
}
