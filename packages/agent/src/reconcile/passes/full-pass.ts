import type { Condition, DesiredState } from '@switchyard/contracts';
import { describeLines, repaired, type Drifted, type PassResult, type Settle } from '../conditions.js';
import { describeNetDrift } from '../net-drift.js';
import { derivedSysctls } from '../derived-sysctls.js';
import { networkNamespaces, planNet } from '../net-plan.js';
import type { PassContext } from '../pass-context.js';
import { removeLeftovers } from '../steps/leftovers.js';
import { makeNamespaces, plumbEndpoints, plumbNetworks, touchedObjects } from '../steps/links.js';
import { openNewSandboxes } from '../steps/new-sandboxes.js';
import { structureKey } from '../structure.js';
import { runDynamicSteps } from './dynamic-steps.js';

/**
 * Everything, read back from the kernel: sysctls, leftovers out, namespaces, networks, endpoints,
 * firewall tables, then the dynamic steps. A ready object the pass had to change was changed behind
 * the agent's back: drift, reported as repaired. `newDocument`: the document differs from the last
 * one applied, so a ready object it changes changed on purpose (a task left, a peer went).
 */
export async function fullPass(
  context: PassContext,
  document: DesiredState,
  newDocument: boolean,
): Promise<PassResult> {
  context.structure = undefined;
  const result: PassResult = { conditions: [], driftRepaired: [] };
  const derived = derivedSysctls(document);
  const sysctlConditions: Condition[] = [];
  const convergedBefore = context.sysctls.begin();
  const globalSysctls = { ...document.sysctls, ...derived.global };
  const beforeRepair = newDocument ? undefined : context.beforeRepair;
  await context.sysctls.run(globalSysctls, convergedBefore, sysctlConditions, result, beforeRepair);

  const { dataplane, capabilities } = context.options;
  await openNewSandboxes(context.options, document);
  const snapshot = await dataplane.read(
    document.sandboxes.flatMap((sandbox) => sandbox.netns ?? []),
    [...networkNamespaces(document).values()],
  );
  const listed = await dataplane.record.list();
  const plan = planNet(document, snapshot, listed, capabilities && new Set(capabilities));
  const errors = new Map(plan.errors);
  const conditions: Condition[] = [];
  const recorded = await removeLeftovers(context.options, document, snapshot, plan, listed, conditions);
  // What a ready object's lines will put back, said before they run (see PassContext.beforeRepair).
  const touched = touchedObjects(plan);
  const wasReady = context.ready;
  const drifted = new Map<string, Drifted>();
  for (const object of plan.objects) {
    const lines = touched.get(object);
    if (newDocument || lines === undefined || !wasReady.has(object) || plan.errors.has(object)) continue;
    drifted.set(object, { object, found: describeNetDrift(lines, snapshot) });
  }
  beforeRepair?.([...drifted.values()]);

  // Namespaces first: an overlay network's lines run inside its own.
  const failed = await makeNamespaces(dataplane, plan, errors);
  const created = plan.newNamespaces.filter(({ netns }) => !failed.has(netns)).map(({ netns }) => netns);
  const made = new Set(created);
  context.options.dns.prepare(document.sandboxes.filter((sandbox) => made.has(sandbox.netns ?? '')));
  const owned = new Set([...recorded, ...created, ...snapshot.sandboxes.keys(), ...snapshot.spaces.keys()]);
  if (owned.size !== recorded.length) await dataplane.record.save([...owned].sort());
  await plumbNetworks(dataplane, plan, errors);
  await plumbEndpoints(dataplane, plan, errors);

  context.ready = new Set();
  const settle: Settle = (object, changed, message, found, done) => {
    if (message !== undefined) {
      conditions.push({ object, ready: false, message });
      return;
    }
    if (changed && !newDocument && wasReady.has(object)) {
      const lines = (touched.get(object) ?? []).map(({ line }) => line);
      repaired(
        result,
        object,
        found ?? drifted.get(object)?.found ?? 'it differed from what was applied',
        done ?? (lines.length > 0 ? `ran ${describeLines(lines)}` : 'restored what was applied'),
      );
    }
    context.ready.add(object);
    conditions.push({ object, ready: true });
  };
  for (const object of plan.objects) settle(object, touched.has(object), errors.get(object));
  await context.firewall.run(document, wasReady, settle, true, beforeRepair);
  // The bridges' own sysctls, once the bridges exist and after the firewall: route_localnet=1 only
  // once the rule dropping non-loopback packets to 127.0.0.0/8 is in place.
  await context.sysctls.run(derived.perBridge, convergedBefore, sysctlConditions, result, beforeRepair);

  // A sandbox whose namespace could not be made has nowhere to run.
  const runnable = document.sandboxes.filter(
    (sandbox) => sandbox.netns === null || !failed.has(sandbox.netns),
  );
  const dynamic: Condition[] = [];
  // The tables and proxy files these steps verify are compared with what they last applied, not with
  // the document: what they find is drift in any full pass, so it is said before it is repaired.
  await runDynamicSteps(
    context,
    document,
    runnable,
    snapshot.host,
    dynamic,
    result,
    true,
    context.beforeRepair,
  );

  sysctlConditions.sort((a, b) => a.object.localeCompare(b.object));
  const structural = [...sysctlConditions, ...conditions];
  if (structural.every((condition) => condition.ready)) {
    context.structure = { key: structureKey(document), conditions: structural, applied: document };
  }
  result.conditions.push(...structural, ...dynamic);
  return result;
}
