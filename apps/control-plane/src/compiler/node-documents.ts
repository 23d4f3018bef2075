import type { DesiredState } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { compileNodeState, nextRevision } from './compile-node-state.js';

/**
 * The node's current desired document. The revision is stored with the document's digest, so it
 * survives restarts and rises only when what the node must have really changed.
 */
export async function desiredDocumentFor(db: Db, nodeId: string): Promise<DesiredState> {
  return db.$transaction(async (tx) => {
    const node = await tx.node.findUniqueOrThrow({ where: { id: nodeId } });
    const body = compileNodeState({ id: node.id });
    const next = nextRevision({ revision: node.desiredRevision, digest: node.desiredDigest }, body);
    if (next.revision !== node.desiredRevision) {
      await tx.node.update({
        where: { id: nodeId },
        data: { desiredRevision: next.revision, desiredDigest: next.digest },
      });
    }
    return { ...body, revision: next.revision };
  });
}
