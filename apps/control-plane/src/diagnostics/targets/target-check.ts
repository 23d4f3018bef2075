import type {
  DiagnosticQuery,
  NamespaceRef,
  PathStep,
  PathSubject,
  ProbeSpec,
  Protocol,
} from '@switchyard/contracts';
import { judgeBackend } from '../path-plan.js';
import type { NodeRef, SandboxRef } from '../path-facts.js';
import { nodeSubject } from '../path-subject.js';

/** A hop of a path from outside the cluster, and how to judge it once the agents have answered. */
export type TargetCheck =
  | { kind: 'fixed'; step: PathStep }
  | {
      /** The host's DNAT of a published port: the routing mesh's map element and chain, or a -p rule. */
      kind: 'dnat';
      id: string;
      title: string;
      where: string;
      /** The object a break is marked on; absent: none known. */
      subject?: PathSubject;
      queryId: string;
      table: 'switchyard_ingress' | 'switchyard_nat';
      protocol: Protocol;
      port: number;
      /** Where it must send connections: `address:port` for a -p rule, addresses for the mesh. */
      targets: { address: string; label: string }[];
      targetPort: number;
      owner: string;
    }
  | {
      /** The host's leg into an overlay (the routing mesh's into ingress, the proxy's into hrm). */
      kind: 'leg';
      id: string;
      title: string;
      where: string;
      /** The object a break is marked on; absent: none known. */
      subject?: PathSubject;
      queryId: string;
      interfaceName: string;
      address: string;
      network: string;
    }
  | {
      /**
       * Forwarding where a published port is routed: the host DNATs it in prerouting, then routes it
       * out by `devices` (its leg into ingress, or a -p container's bridge), and routes the replies back.
       */
      kind: 'forwarding';
      id: string;
      title: string;
      where: string;
      /** The object a break is marked on; absent: none known. */
      subject?: PathSubject;
      queryId: string;
      port: number;
      /** The devices the DNATed connections leave by and their replies come in by. */
      devices: string[];
      /** Where the DNAT sends them, in words: `10.255.0.5 (task web.1 on sy-host1)`. */
      to: string;
    }
  | {
      /** A connection (or an HTTP request) made from a host's namespace. */
      kind: 'reach';
      id: string;
      title: string;
      where: string;
      /** The object a break is marked on; absent: none known. */
      subject?: PathSubject;
      queryId: string;
      /** What it reaches, in words: `task web.1 at 10.255.0.5:80`. */
      what: string;
      probe: ProbeSpec;
      /** Said before the tool's reason when it fails: what a failure means here. */
      failure: string | null;
    };

export interface TargetPlan {
  checks: TargetCheck[];
  /** What to ask each node's agent, by node id. */
  queries: Map<string, DiagnosticQuery[]>;
}

export function fixedCheck(
  id: string,
  title: string,
  status: PathStep['status'],
  message: string,
  subject?: PathSubject,
): TargetCheck {
  const step: PathStep = { id, title, status, message, detail: null };
  return { kind: 'fixed', step: subject === undefined ? step : { ...step, subject } };
}

/** Whether a task or container runs and is healthy, judged from the store as a path check does. */
export function backendCheck(sandbox: SandboxRef): TargetCheck[] {
  const check = judgeBackend(sandbox);
  return check.kind === 'fixed' ? [check] : [];
}

/** The queries of a plan, one list a node, each id once. */
export class TargetQueries {
  readonly byNode = new Map<string, DiagnosticQuery[]>();

  add(node: NodeRef, query: DiagnosticQuery): string {
    const list = this.byNode.get(node.id) ?? [];
    if (!list.some((existing) => existing.id === query.id)) list.push(query);
    this.byNode.set(node.id, list);
    return query.id;
  }

  /** The host's leg `interfaceName` into `network`, read from its links. */
  leg(node: NodeRef, leg: { interfaceName: string; address: string; network: string }): TargetCheck {
    const queryId = this.add(node, {
      id: `links:host@${node.id}`,
      kind: 'read',
      where: { scope: 'host' },
      fact: 'links',
    });
    return {
      kind: 'leg',
      id: `leg:${leg.interfaceName}`,
      title: `${node.name} → the ${leg.network} network`,
      where: node.name,
      subject: nodeSubject(node),
      queryId,
      ...leg,
    };
  }

  /** The host's forwarding sysctls: on, and on for each device the DNATed flow is routed by. */
  forwarding(node: NodeRef, check: { port: number; devices: string[]; to: string }): TargetCheck {
    const queryId = this.add(node, {
      id: `sysctls:host@${node.id}`,
      kind: 'read',
      where: { scope: 'host' },
      fact: 'sysctls',
      sysctls: forwardingSysctls(check.devices),
    });
    return {
      kind: 'forwarding',
      id: 'forwarding',
      title: `Forwarding on ${node.name}`,
      where: node.name,
      subject: nodeSubject(node),
      queryId,
      ...check,
    };
  }

  /** A probe in `where` on `node`, judged as a `reach` step. */
  reach(
    node: NodeRef,
    check: { id: string; title: string; where: string; what: string; failure?: string },
    probe: ProbeSpec,
    namespace: NamespaceRef = { scope: 'host' },
  ): TargetCheck {
    const queryId = this.add(node, { id: check.id, kind: 'probe-at', where: namespace, probe });
    return { kind: 'reach', ...check, queryId, probe, failure: check.failure ?? null };
  }
}

/**
 * `ip_forward` (the same value as `conf.all.forwarding`; writing it sets every device's) and each
 * device's own: IPv4 forwards only what arrives on a device whose `forwarding` is 1, so the device
 * the replies come in by counts too. The device the outside connection arrives on (the underlay's) is
 * not known before its links are read, so only `ip_forward` speaks for it.
 */
export const forwardingSysctls = (devices: readonly string[]) => [
  'net.ipv4.ip_forward',
  // A name with a dot maps to no single /proc path (the read refuses it): not read.
  ...devices.filter((device) => !device.includes('.')).map((device) => `net.ipv4.conf.${device}.forwarding`),
];

/** `from sy-host2` or, with no other host connected, the host's own namespace, said so. */
export function outsideWhere(node: NodeRef, outside: NodeRef | null): { from: NodeRef; where: string } {
  return outside === null
    ? { from: node, where: `${node.name}'s own namespace (no other host is connected)` }
    : { from: outside, where: `${outside.name}, outside ${node.name}` };
}
