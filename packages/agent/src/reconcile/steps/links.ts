import type { Dataplane } from '../../osl/dataplane.js';
import { runSteps } from '../net-apply.js';
import type { TouchedLine } from '../net-drift.js';
import type { NetPlan } from '../net-plan.js';

/**
 * Makes the plan's new namespaces (sandboxes' and overlay networks'), before any line runs in
 * them; an object whose namespace cannot be made fails in `errors`. Returns the failures by name.
 */
export async function makeNamespaces(
  dataplane: Dataplane,
  plan: NetPlan,
  errors: Map<string, string>,
): Promise<Map<string, string>> {
  const failed = await dataplane.addNamespaces(plan.newNamespaces.map((entry) => entry.netns));
  for (const { object, netns } of plan.newNamespaces) {
    const message = failed.get(netns);
    if (message !== undefined) errors.set(object, `cannot create namespace ${netns}: ${message}`);
  }
  return failed;
}

/** The networks' links: what is in their namespaces' way, the host's lines, then their namespaces'. */
export async function plumbNetworks(
  dataplane: Dataplane,
  plan: NetPlan,
  errors: Map<string, string>,
): Promise<void> {
  await runSteps(dataplane, plan.networkSpacesBefore, errors);
  await runSteps(dataplane, plan.networks, errors);
  await runSteps(dataplane, plan.networkSpaces, errors);
}

/** The sandboxes' endpoints: stale interfaces out, veths from the host, then inside each sandbox. */
export async function plumbEndpoints(
  dataplane: Dataplane,
  plan: NetPlan,
  errors: Map<string, string>,
): Promise<void> {
  await runSteps(dataplane, plan.insideBefore, errors);
  await runSteps(dataplane, plan.endpointsHost, errors);
  await runSteps(dataplane, plan.endpointsSpace, errors);
  await runSteps(dataplane, plan.inside, errors);
}

/**
 * Objects a plan changes, each with the lines it runs for them (`netns add …` for a new namespace):
 * a ready object among them was changed behind the agent's back, and the lines say how it was put back.
 */
export function touchedObjects(plan: NetPlan): Map<string, TouchedLine[]> {
  const steps = [
    ...plan.networkSpacesBefore,
    ...plan.networks,
    ...plan.networkSpaces,
    ...plan.insideBefore,
    ...plan.endpointsHost,
    ...plan.endpointsSpace,
    ...plan.inside,
  ];
  const touched = new Map<string, TouchedLine[]>();
  const add = (object: string, netns: string | undefined, lines: readonly string[]) =>
    touched.set(object, [...(touched.get(object) ?? []), ...lines.map((line) => ({ netns, line }))]);
  for (const { object, netns } of plan.newNamespaces) add(object, undefined, [`netns add ${netns}`]);
  for (const step of steps) add(step.object, step.netns, step.lines);
  return touched;
}
