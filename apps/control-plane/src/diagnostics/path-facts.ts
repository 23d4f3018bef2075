import type { DesiredState, HealthStatus, Protocol } from '@switchyard/contracts';

/** What a path check knows about the desired (and last observed) state, loaded before any probe. */
export interface NodeRef {
  id: string;
  name: string;
  underlay: string;
  /** Whether its agent is connected now: a disconnected one cannot be asked anything. */
  connected: boolean;
}

export interface EndpointRef {
  networkId: string;
  address: string;
  mac: string;
  /** eth0, eth1... inside the sandbox, when the store knows it. */
  interfaceName?: string | null;
}

export interface SandboxRef {
  id: string;
  name: string;
  kind: 'container' | 'task';
  node: NodeRef;
  /** As the agent last reported it: running, exited... */
  status: string;
  exitCode: number | null;
  health: HealthStatus | null;
  endpoints: EndpointRef[];
}

export interface NetworkRef {
  id: string;
  name: string;
  driver: string;
  vni: number | null;
  predefined: boolean;
  ingress: boolean;
}

export interface ServiceRef {
  id: string;
  name: string;
  endpointMode: 'vip' | 'dnsrr';
  ports: { protocol: Protocol; port: number }[];
  vips: { networkId: string; address: string }[];
  networkIds: string[];
  /** Its live tasks: desired running and with a sandbox. */
  tasks: SandboxRef[];
}

export type PathTargetRef =
  { kind: 'container'; sandbox: SandboxRef } | { kind: 'service'; service: ServiceRef };

export interface PathFacts {
  source: SandboxRef;
  target: PathTargetRef;
  /** The name as asked (what A would resolve), and the port when one was given. */
  targetName: string;
  port: number | null;
  networks: ReadonlyMap<string, NetworkRef>;
  /** The source's node's desired document as the compiler makes it now: what its agent must hold. */
  sourceDocument: Pick<DesiredState, 'sandboxes' | 'networks'>;
}
