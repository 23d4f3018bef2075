/** Docker's driver option keys, accepted as Docker spells them. */
export const bridgeOptions = {
  name: 'com.docker.network.bridge.name',
  enableIcc: 'com.docker.network.bridge.enable_icc',
  enableIpMasquerade: 'com.docker.network.bridge.enable_ip_masquerade',
  hostBindingIpv4: 'com.docker.network.bridge.host_binding_ipv4',
  mtu: 'com.docker.network.driver.mtu',
} as const;

/** Label that pins a local-scope network or a standalone container to a node. */
export const nodeLabel = 'com.switchyard.node';
