import type { Dataplane } from '../osl/dataplane.js';
import type { HostLegPlan } from './plan-host-legs.js';

/** Runs the lines of the host's legs into overlays: the host's, then each overlay's; returns the failures. */
export async function runHostLegs(dataplane: Dataplane, plan: HostLegPlan): Promise<string[]> {
  const failures = [...(await dataplane.batch(undefined, plan.host)).values()];
  for (const { netns, lines } of plan.spaces)
    failures.push(...(await dataplane.batch(netns, lines)).values());
  return failures;
}
