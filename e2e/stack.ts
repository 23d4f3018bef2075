/** The product as the end-to-end run starts it: ports and names apart from a developer's `npm start`. */
export const e2eStack = {
  dataDir: 'data/e2e',
  controlPlanePort: 7180,
  webPort: 3180,
  webUrl: 'http://127.0.0.1:3180',
  labPrefix: 'sye2e',
  labSubnet: '192.168.96.0/24',
  /** The root namespace's address on the lab: the docker CLI dials the control plane here. */
  labGateway: '192.168.96.1',
  /** The Engine API over TLS, apart from a developer's 2376. */
  dockerTlsPort: 2386,
  hostNames: ['sye2e-host1', 'sye2e-host2', 'sye2e-host3'],
  adminPassword: 'e2e-admin-password',
} as const;
