import type { NetworkView } from '@switchyard/contracts';

/** Whether the network is one object over several hosts (an overlay), rather than a copy per host. */
export function spansHosts(network: Pick<NetworkView, 'driver'>): boolean {
  return network.driver === 'overlay';
}

/**
 * The nodes a multi-host network lives on: its peers, where its agent reports it (a failure too), and
 * where it has an endpoint (an endpoint lands before the agent's first report).
 */
export function networkNodeNames(
  network: Pick<NetworkView, 'peers' | 'realisation' | 'containers'>,
): string[] {
  const names = new Set([
    ...network.peers.map((peer) => peer.nodeName),
    ...network.realisation.map((entry) => entry.nodeName),
    ...network.containers.map((endpoint) => endpoint.nodeName),
  ]);
  return [...names].toSorted((a, b) => a.localeCompare(b));
}
