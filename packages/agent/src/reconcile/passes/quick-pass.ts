import type { DesiredState } from '@switchyard/contracts';
import type { PassResult } from '../conditions.js';
import type { PassContext, Structure } from '../pass-context.js';
import { applyPeerChanges } from '../steps/peers.js';
import { runDynamicSteps } from './dynamic-steps.js';

/**
 * Peers, names and backends only, for a document whose structure is the last full pass's: the rest
 * is as that pass left it, and nothing is read back (the resync does that).
 */
export async function quickPass(
  context: PassContext,
  document: DesiredState,
  structure: Structure,
): Promise<PassResult> {
  const result: PassResult = { conditions: [...structure.conditions], driftRepaired: [] };
  // Before the names: a task is reachable from here before anything here can resolve it.
  const { dataplane } = context.options;
  const peersApplied = await applyPeerChanges(dataplane, document, structure.applied, result.conditions);
  if (peersApplied) structure.applied = document;
  else context.structure = undefined;
  await runDynamicSteps(context, document, document.sandboxes, undefined, result.conditions, result, false);
  return result;
}
