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

/** The host address a published port binds: its own, else its network's `host_binding_ipv4`, as in Docker. */
export function publishedHostIp(port: DesiredSandbox['ports'][number], network: BridgeNetwork): string {
  return port.hostIp === '0.0.0.0' ? network.bridge.hostBindingIpv4 : port.hostIp;
}

export function isLoopbackIpv4(address: string): boolean {
  return address.startsWith('127.');
}

/**
 * The bridges that get `route_localnet=1`: those a port bound to a loopback address
 * (`-p 127.0.0.1:8080:80`) forwards into, so the host's own connections to that address can be
 * routed onto the bridge. The agent sets it on nothing else, and wherever it sets it the filter table
 * drops packets to 127.0.0.0/8 that come from another interface with a non-loopback source
 * (CVE-2020-8558's pattern, as kube-proxy does).
 */
export function localnetBridges(document: Pick<DesiredState, 'networks' | 'sandboxes'>): string[] {
  const networks = bridgeNetworks(document);
  const bridges = new Set<string>();
  for (const sandbox of document.sandboxes) {
    for (const port of sandbox.ports) {
      const network = portNetwork(sandbox, port.targetAddress, networks);
      if (network === undefined || network.bridge.internal) continue;
      if (isLoopbackIpv4(publishedHostIp(port, network))) bridges.add(network.bridge.interfaceName);
    }
  }
  return [...bridges].sort();
}
