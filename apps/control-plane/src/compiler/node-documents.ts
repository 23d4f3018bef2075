import type { DesiredState } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { loadClusterFacts, nodeFacts, type MeshPorts } from './cluster-facts.js';
import { compileNodeState, nextRevision } from './compile-node-state.js';

/**
 * The nodes' current desired documents, made from one read of the cluster. A node's revision is
 * stored with its document's digest, so it survives restarts and rises only when what the node
 * must have really changed. Unknown ids are left out.
 */
export async function desiredDocumentsFor(
  db: Db,
  nodeIds: readonly string[],
  ports: MeshPorts,
): Promise<Map<string, DesiredState>> {
  return db.$transaction(async (tx) => {
    const cluster = await loadClusterFacts(tx, ports);
    const wanted = new Set(nodeIds);
    const documents = new Map<string, DesiredState>();
    for (const node of cluster.nodes.filter((candidate) => wanted.has(candidate.id))) {
      const body = compileNodeState(nodeFacts(cluster, node));
      const next = nextRevision({ revision: node.desiredRevision, digest: node.desiredDigest }, body);
      if (next.revision !== node.desiredRevision) {
        await tx.node.update({
          where: { id: node.id },
          data: { desiredRevision: next.revision, desiredDigest: next.digest },
        });
      }
      documents.set(node.id, { ...body, revision: next.revision });
    }
    return documents;
  });
}

/** The node's desired document as the compiler makes it now, read only (diagnostics compare with it). */
export async function compiledBodyFor(db: Db, nodeId: string, ports: MeshPorts) {
  return db.$transaction(async (tx) => {
    const cluster = await loadClusterFacts(tx, ports);
    const node = cluster.nodes.find((candidate) => candidate.id === nodeId);
    if (node === undefined) throw new Error(`node ${nodeId} not found`);
    return compileNodeState(nodeFacts(cluster, node));
  });
}
