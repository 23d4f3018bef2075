import type { Capability, Condition, DesiredState, ObservedState } from '@switchyard/contracts';
import type { BeforeRepair } from './conditions.js';
import type { VerdictTables } from '../firewall/verdict-sync.js';
import type { MeshProxy } from '../hrm/mesh-proxy.js';
import type { HttpMeshStep } from './steps/http-mesh.js';
import type { Dataplane } from '../osl/dataplane.js';
import type { ReconcileKernel } from '../osl/kernel.js';
import type { EmbeddedDns } from '../resolver/embedded-dns.js';
import type { SandboxRuntime } from '../runtime/sandbox-runtime.js';
import type { SpareNamespace } from '../sandbox/spare-namespace.js';
import type { FirewallStep } from './steps/firewall.js';
import type { IngressStep } from './steps/ingress.js';
import type { SysctlStep } from './steps/sysctls.js';

export interface ReconcilerOptions {
  /** Sysctls of the host namespace. */
  sysctls: ReconcileKernel;
  dataplane: Dataplane;
  runtime: SandboxRuntime;
  dns: EmbeddedDns;
  /** The HTTP routing mesh's proxy on this host. */
  proxy: MeshProxy;
  /** What the node's kernel can do: a network that needs a missing feature is refused up front. */
  capabilities?: readonly Capability[];
  /** A namespace made ahead of need, which a new sandbox takes; none when undefined. */
  spare?: SpareNamespace;
  now?: () => Date;
  /**
   * Sent a report, during a resync, with the objects it read back different from what was applied
   * marked not ready, before it repairs them.
   */
  onDriftFound?: (report: ObservedState) => void;
  /** Told how long each pass took, by kind (`resync`: the periodic full pass), for the metrics. */
  onPass?: (kind: 'full' | 'quick' | 'add' | 'resync', seconds: number) => void;
}

/**
 * The last full pass that left everything ready: its structure, its conditions before DNS, and the
 * document last applied on top of it (quick and add passes included).
 */
export interface Structure {
  key: string;
  conditions: Condition[];
  applied: DesiredState;
}

/** What every pass works with: the agent's parts, the steps that keep state, and what the last pass left. */
export interface PassContext {
  readonly options: ReconcilerOptions;
  readonly sysctls: SysctlStep;
  readonly firewall: FirewallStep;
  readonly ingress: IngressStep;
  /** The HTTP routing mesh: the host's legs into its networks, then the proxy. */
  readonly mesh: HttpMeshStep;
  /** Load-balancer (and ingress) tables, changed incrementally. */
  readonly verdictTables: VerdictTables;
  /** Networks, sandboxes and tables the last pass left ready. */
  ready: Set<string>;
  /** Undefined: the next document takes a full pass. */
  structure: Structure | undefined;
  /** See ReconcilerOptions.onDriftFound. */
  readonly beforeRepair: BeforeRepair;
}
