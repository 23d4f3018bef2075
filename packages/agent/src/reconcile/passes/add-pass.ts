import type { Condition, DesiredState } from '@switchyard/contracts';
import { mergeConditions, type PassResult } from '../conditions.js';
import { planNet } from '../net-plan.js';
import type { PassContext, Structure } from '../pass-context.js';
import { makeNamespaces, plumbEndpoints, plumbNetworks } from '../steps/links.js';
import { openNewSandboxes } from '../steps/new-sandboxes.js';
import { applyPeerChanges } from '../steps/peers.js';
import { structureKey } from '../structure.js';
import { fullPass } from './full-pass.js';
import { runDynamicSteps } from './dynamic-steps.js';

/**
 * New sandboxes on networks already here: their namespaces and endpoints, planned alone on the
 * networks as the last pass left them (a namespace made just now holds only its loopback, so
 * only the host's links are read); tables only where the document changes them; then what a
 * quick pass does. Falls back to a full pass when a new sandbox cannot be plumbed.
 */
export async function addPass(
  context: PassContext,
  document: DesiredState,
  structure: Structure,
  added: ReadonlySet<string>,
): Promise<PassResult> {
  const { dataplane, capabilities } = context.options;
  const made = await openNewSandboxes(context.options, document);
  const older = document.sandboxes.flatMap((sandbox) =>
    added.has(sandbox.id) && sandbox.netns !== null && !made.has(sandbox.netns) ? [sandbox.netns] : [],
  );
  const read = await dataplane.read(older, []);
  const empty = { links: [], defaultGateway: null };
  const snapshot = {
    ...read,
    sandboxes: new Map([...read.sandboxes, ...[...made].map((netns) => [netns, empty] as const)]),
  };
  const recorded = await dataplane.record.list();
  const plan = planNet(document, snapshot, recorded, capabilities && new Set(capabilities), added);
  const errors = new Map(plan.errors);
  await makeNamespaces(dataplane, plan, errors);
  await plumbNetworks(dataplane, plan, errors);
  await plumbEndpoints(dataplane, plan, errors);
  const updates: Condition[] = plan.objects.map((object) => {
    const message = errors.get(object);
    return message === undefined ? { object, ready: true } : { object, ready: false, message };
  });
  // Left for a full pass to sort out, with everything read back.
  if (updates.some((condition) => !condition.ready)) return fullPass(context, document, true);
  for (const object of plan.objects) context.ready.add(object);
  const result: PassResult = {
    conditions: mergeConditions(structure.conditions, updates),
    driftRepaired: [],
  };
  await context.firewall.run(
    document,
    context.ready,
    (object, _changed, message) => {
      const condition: Condition =
        message === undefined ? { object, ready: true } : { object, ready: false, message };
      result.conditions = mergeConditions(result.conditions, [condition]);
    },
    false,
  );
  const peersApplied = await applyPeerChanges(dataplane, document, structure.applied, result.conditions);
  context.structure =
    peersApplied && result.conditions.every((condition) => condition.ready)
      ? { key: structureKey(document), conditions: [...result.conditions], applied: document }
      : undefined;
  await runDynamicSteps(context, document, document.sandboxes, undefined, result.conditions, result, false);
  return result;
}
