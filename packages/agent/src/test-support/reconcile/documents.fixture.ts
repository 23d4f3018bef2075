import {
  agentProtocolVersion,
  type DesiredEndpoint,
  type DesiredNetwork,
  type DesiredPort,
  type DesiredSandbox,
  type DesiredState,
  workloadSchema,
} from '@switchyard/contracts';

/** Builders for desired documents in tests: every field a test does not care about has a default. */
export function bridgeNetwork(
  id: string,
  interfaceName: string,
  subnet: string,
  settings: Partial<Omit<NonNullable<DesiredNetwork['bridge']>, 'hostBindingIpv4'>> & {
    hostBindingIpv4?: string;
  } = {},
): DesiredNetwork {
  const gateway = subnet.replace(/\.0\/\d+$/, '.1');
  return {
    id: id.padEnd(64, '0'),
    name: `net-${id}`,
    driver: 'bridge',
    bridge: {
      interfaceName,
      mtu: 1500,
      icc: true,
      masquerade: true,
      hostBindingIpv4: '0.0.0.0',
      internal: false,
      ...settings,
    } as NonNullable<DesiredNetwork['bridge']>,
    subnets: [{ subnet, gateway }] as DesiredNetwork['subnets'],
    embeddedDns: true,
  };
}

export function endpoint(network: DesiredNetwork, address: string, interfaceName = 'eth0'): DesiredEndpoint {
  const octets = address.split('.').map((part) => Number(part).toString(16).padStart(2, '0'));
  const subnet = network.subnets[0];
  return {
    networkId: network.id,
    interfaceName,
    address,
    prefixLength: Number(subnet?.subnet.split('/')[1] ?? 24),
    gateway: subnet?.gateway ?? null,
    mac: `02:42:${octets.join(':')}`,
  } as DesiredEndpoint;
}

export function port(
  hostPort: number,
  targetAddress: string,
  containerPort: number,
  protocol: 'tcp' | 'udp' = 'tcp',
  hostIp = '0.0.0.0',
): DesiredPort {
  return { hostIp, hostPort, containerPort, protocol, targetAddress } as DesiredPort;
}

export function sandbox(
  id: string,
  netns: string | null,
  endpoints: DesiredEndpoint[],
  ports: DesiredPort[] = [],
): DesiredSandbox {
  return {
    id: id.padEnd(64, '0'),
    name: `sb-${id}`,
    hostname: id,
    netns,
    workload: workloadSchema.parse({ image: 'switchyard/toolbox', command: [], env: {} }),
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints,
    ports,
    dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
    virtualServices: [],
    healthCheck: null,
  } as DesiredSandbox;
}

export function document(
  revision: number,
  networks: DesiredNetwork[],
  sandboxes: DesiredSandbox[],
  sysctls: Record<string, string> = {},
): DesiredState {
  return {
    protocolVersion: agentProtocolVersion,
    revision,
    nodeId: 'n1',
    sysctls,
    networks,
    sandboxes,
    ingress: null,
    hrm: null,
    images: [],
  };
}

type OverlaySettings = NonNullable<DesiredNetwork['overlay']>;

export function overlayNetwork(
  id: string,
  subnet: string,
  settings: { vni: number; netns: string; localUnderlay: string } & Partial<
    Omit<OverlaySettings, 'vni' | 'localUnderlay'>
  >,
): DesiredNetwork {
  return {
    id: id.padEnd(64, '0'),
    name: `net-${id}`,
    driver: 'overlay',
    overlay: { vxlanPort: 4789, mtu: 1450, internal: false, peers: [], ...settings } as OverlaySettings,
    subnets: [{ subnet, gateway: subnet.replace(/\.0\/\d+$/, '.1') }] as DesiredNetwork['subnets'],
    embeddedDns: true,
  };
}

export function macvlanNetwork(
  id: string,
  parent: string,
  mode: NonNullable<DesiredNetwork['macvlan']>['mode'],
  subnet: string,
  gateway: string,
): DesiredNetwork {
  return {
    id: id.padEnd(64, '0'),
    name: `net-${id}`,
    driver: 'macvlan',
    macvlan: { parent, mode, mtu: null },
    subnets: [{ subnet, gateway }] as DesiredNetwork['subnets'],
    embeddedDns: true,
  };
}

/** The overlay peer entry another node's endpoint gives this one. */
export function peerOf(endpointOnOtherNode: DesiredEndpoint, underlay: string) {
  return {
    address: endpointOnOtherNode.address,
    mac: endpointOnOtherNode.mac,
    underlay,
  } as OverlaySettings['peers'][number];
}
