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
