import type { Condition, DesiredState } from '@switchyard/contracts';
import { describeLines, repaired, type PassResult, type Settle } from '../conditions.js';
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
  await context.sysctls.run(globalSysctls, convergedBefore, sysctlConditions, result);

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

  // Namespaces first: an overlay network's lines run inside its own.
  const failed = await makeNamespaces(dataplane, plan, errors);
  const created = plan.newNamespaces.filter(({ netns }) => !failed.has(netns)).map(({ netns }) => netns);
  const made = new Set(created);
  context.options.dns.prepare(document.sandboxes.filter((sandbox) => made.has(sandbox.netns ?? '')));
  const owned = new Set([...recorded, ...created, ...snapshot.sandboxes.keys(), ...snapshot.spaces.keys()]);
  if (owned.size !== recorded.length) await dataplane.record.save([...owned].sort());
  await plumbNetworks(dataplane, plan, errors);
  await plumbEndpoints(dataplane, plan, errors);

  const touched = touchedObjects(plan);
  const wasReady = context.ready;
  context.ready = new Set();
  const settle: Settle = (object, changed, message, found) => {
    if (message !== undefined) {
      conditions.push({ object, ready: false, message });
      return;
    }
    if (changed && !newDocument && wasReady.has(object)) {
      const lines = touched.get(object) ?? [];
      repaired(
        result,
        object,
        found ?? 'its links, addresses or routes differed from what was applied',
        lines.length > 0 ? `ran ${describeLines(lines)}` : 'restored what was applied',
      );
    }
    context.ready.add(object);
    conditions.push({ object, ready: true });
  };
  for (const object of plan.objects) settle(object, touched.has(object), errors.get(object));
  await context.firewall.run(document, wasReady, settle);
  // The bridges' own sysctls, once the bridges exist and after the firewall: route_localnet=1 only
  // once the rule dropping non-loopback packets to 127.0.0.0/8 is in place.
  await context.sysctls.run(derived.perBridge, convergedBefore, sysctlConditions, result);

  // A sandbox whose namespace could not be made has nowhere to run.
  const runnable = document.sandboxes.filter(
    (sandbox) => sandbox.netns === null || !failed.has(sandbox.netns),
  );
  const dynamic: Condition[] = [];
  await runDynamicSteps(context, document, runnable, snapshot.host, dynamic, result, true);

  sysctlConditions.sort((a, b) => a.object.localeCompare(b.object));
  const structural = [...sysctlConditions, ...conditions];
  if (structural.every((condition) => condition.ready)) {
    context.structure = { key: structureKey(document), conditions: structural, applied: document };
  }
  result.conditions.push(...structural, ...dynamic);
  return result;
}
