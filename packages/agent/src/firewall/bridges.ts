import type { DesiredNetwork, DesiredSandbox, DesiredState } from '@switchyard/contracts';

export type BridgeNetwork = DesiredNetwork & { bridge: NonNullable<DesiredNetwork['bridge']> };

export function bridgeNetworks(document: Pick<DesiredState, 'networks'>): BridgeNetwork[] {
  return document.networks.filter(
    (network): network is BridgeNetwork => network.driver === 'bridge' && network.bridge !== undefined,
  );
}

/** The bridge network a published port forwards into: the one holding the target address. */
export function portNetwork(
  sandbox: DesiredSandbox,
  targetAddress: string,
  networks: readonly BridgeNetwork[],
): BridgeNetwork | undefined {
  const endpoint = sandbox.endpoints.find((candidate) => candidate.address === targetAddress);
  return networks.find((network) => network.id === endpoint?.networkId);
}

/**
 * The bridges that get `route_localnet=1`: those a published port forwards into. The agent sets it
 * on nothing else, and wherever it sets it the filter table drops packets to 127.0.0.0/8 that come
 * from another interface with a non-loopback source (CVE-2020-8558's pattern, as kube-proxy does).
 */
export function localnetBridges(document: Pick<DesiredState, 'networks' | 'sandboxes'>): string[] {
  const networks = bridgeNetworks(document);
  const bridges = new Set<string>();
  for (const sandbox of document.sandboxes) {
    for (const port of sandbox.ports) {
      const network = portNetwork(sandbox, port.targetAddress, networks);
      if (network !== undefined && !network.bridge.internal) bridges.add(network.bridge.interfaceName);
    }
  }
  return [...bridges].sort();
}
