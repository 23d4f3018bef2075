import { createHash } from 'node:crypto';
import { agentProtocolVersion, type DesiredState } from '@switchyard/contracts';

/** What the compiler needs to know about a node. Grows as drivers land (networks, sandboxes...). */
export interface NodeFacts {
  id: string;
}

/** The node's desired document without its revision: the part whose changes bump the revision. */
export type DesiredBody = Omit<DesiredState, 'revision'>;

/**
 * Turns the cluster's desired state into one node's document. Pure, so it is unit tested and the
 * same input always yields the same document (and digest).
 */
export function compileNodeState(node: NodeFacts): DesiredBody {
  return {
    protocolVersion: agentProtocolVersion,
    nodeId: node.id,
    // Every driver that routes between namespaces needs forwarding on.
    sysctls: { 'net.ipv4.ip_forward': '1' },
    networks: [],
    sandboxes: [],
  };
}

/** A stable digest: keys are sorted so equal documents hash equally whatever their key order. */
export function digestDesired(body: DesiredBody): string {
  const canonical = JSON.stringify(body, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Keeps the revision when the document is unchanged, raises it by one when it changed. */
export function nextRevision(
  previous: { revision: number; digest: string },
  body: DesiredBody,
): { revision: number; digest: string } {
  const digest = digestDesired(body);
  return digest === previous.digest ? previous : { revision: previous.revision + 1, digest };
}
