/** The product as the end-to-end run starts it: ports and names apart from a developer's `npm start`. */
export const e2eStack = {
  dataDir: 'data/e2e',
  controlPlanePort: 7180,
  webPort: 3180,
  webUrl: 'http://127.0.0.1:3180',
  labPrefix: 'sye2e',
  labSubnet: '192.168.96.0/24',
  hostNames: ['sye2e-host1', 'sye2e-host2', 'sye2e-host3'],
  adminPassword: 'e2e-admin-password',
} as const;
