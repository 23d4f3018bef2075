import type { DiagnosticQuery, NamespaceRef, PathStep, ProbeSpec, Protocol } from '@switchyard/contracts';
import { judgeBackend } from '../path-plan.js';
import type { NodeRef, SandboxRef } from '../path-facts.js';

/** A hop of a path from outside the cluster, and how to judge it once the agents have answered. */
export type TargetCheck =
  | { kind: 'fixed'; step: PathStep }
  | {
      /** The host's DNAT of a published port: the routing mesh's map element and chain, or a -p rule. */
      kind: 'dnat';
      id: string;
      title: string;
      where: string;
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
      queryId: string;
      interfaceName: string;
      address: string;
      network: string;
    }
  | {
      /** A connection (or an HTTP request) made from a host's namespace. */
      kind: 'reach';
      id: string;
      title: string;
      where: string;
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
): TargetCheck {
  return { kind: 'fixed', step: { id, title, status, message, detail: null } };
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
      queryId,
      ...leg,
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

/** `from sy-host2` or, with no other host connected, the host's own namespace, said so. */
export function outsideWhere(node: NodeRef, outside: NodeRef | null): { from: NodeRef; where: string } {
  return outside === null
    ? { from: node, where: `${node.name}'s own namespace (no other host is connected)` }
    : { from: outside, where: `${outside.name}, outside ${node.name}` };
}
