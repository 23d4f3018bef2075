import type { DesiredState } from '@switchyard/contracts';
import { bridgeNetworks, localnetBridges } from '../firewall/bridges.js';

/**
 * Host sysctls that the networks themselves need. `global` can be set before anything exists;
 * `perBridge` only once the bridges do.
 */
export function derivedSysctls(document: Pick<DesiredState, 'networks' | 'sandboxes' | 'ingress'>): {
  global: Record<string, string>;
  perBridge: Record<string, string>;
} {
  const bridges = bridgeNetworks(document);
  // The routing mesh forwards published ports from the host's interfaces into the ingress network.
  const forwards = bridges.length > 0 || document.ingress !== null;
  const global: Record<string, string> = forwards ? { 'net.ipv4.ip_forward': '1' } : {};
  const perBridge: Record<string, string> = {};
  // Lets connections from the host to 127.0.0.1:<published port> be routed onto the bridge; the
  // filter table drops what reaches 127.0.0.0/8 from elsewhere (firewall/render-filter.ts).
  for (const bridge of localnetBridges(document)) {
    perBridge[`net.ipv4.conf.${bridge}.route_localnet`] = '1';
  }
  return { global, perBridge };
}
