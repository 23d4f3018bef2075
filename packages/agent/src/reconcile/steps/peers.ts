import type { Condition, DesiredState } from '@switchyard/contracts';
import { driverFor } from '../../drivers/registry.js';
import type { Dataplane } from '../../osl/dataplane.js';
import { networkObject } from '../net-plan.js';

/**
 * Remote peers that came or went since `applied`, as each network's driver plans them (overlay:
 * one neighbour and one FDB batch per network). False when any failed: their conditions say why.
 */
export async function applyPeerChanges(
  dataplane: Dataplane,
  document: DesiredState,
  applied: DesiredState,
  conditions: Condition[],
): Promise<boolean> {
  let ok = true;
  for (const network of document.networks) {
    const before = applied.networks.find((candidate) => candidate.id === network.id);
    const change = before && driverFor(network)?.planPeerChange?.(network, before);
    if (change === undefined) continue;
    const { netns } = change;
    const failures = [
      ...(await dataplane.batch(netns, change.neigh)).values(),
      ...(await dataplane.batch(netns, change.fdb, 'bridge')).values(),
    ];
    if (failures.length === 0) continue;
    ok = false;
    conditions.push({
      object: `${networkObject(network)}/peers`,
      ready: false,
      message: failures.join('; '),
    });
  }
  return ok;
}
