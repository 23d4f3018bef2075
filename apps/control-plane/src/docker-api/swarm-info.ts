const second = 1_000_000_000;

/**
 * `/info`'s Swarm section: the control plane is the cluster's only manager (the agents are workers),
 * so `docker info` reports swarm mode active and the CLI's manager-only commands are allowed.
 */
export function toSwarmInfo(cluster: { id: string; createdAt: string }, workers: number) {
  return {
    NodeID: cluster.id,
    NodeAddr: '127.0.0.1',
    LocalNodeState: 'active',
    ControlAvailable: true,
    Error: '',
    RemoteManagers: [{ NodeID: cluster.id, Addr: '127.0.0.1:2377' }],
    Nodes: workers,
    Managers: 1,
    Cluster: {
      ID: cluster.id,
      Version: { Index: 1 },
      CreatedAt: cluster.createdAt,
      UpdatedAt: cluster.createdAt,
      Spec: {
        Name: 'default',
        Labels: {},
        Orchestration: { TaskHistoryRetentionLimit: 5 },
        Raft: {
          SnapshotInterval: 10_000,
          KeepOldSnapshots: 0,
          LogEntriesForSlowFollowers: 500,
          ElectionTick: 10,
          HeartbeatTick: 1,
        },
        Dispatcher: { HeartbeatPeriod: 5 * second },
        CAConfig: { NodeCertExpiry: 90 * 24 * 3600 * second },
        TaskDefaults: {},
        EncryptionConfig: { AutoLockManagers: false },
      },
      TLSInfo: { TrustRoot: '', CertIssuerSubject: '', CertIssuerPublicKey: '' },
      RootRotationInProgress: false,
      DefaultAddrPool: ['10.0.0.0/8'],
      SubnetSize: 24,
      DataPathPort: 4789,
    },
  };
}
