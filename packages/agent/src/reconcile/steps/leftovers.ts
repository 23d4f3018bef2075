import type { Condition, DesiredState } from '@switchyard/contracts';
import type { Dataplane, DataplaneSnapshot } from '../../osl/dataplane.js';
import type { EmbeddedDns } from '../../resolver/embedded-dns.js';
import type { SandboxRuntime } from '../../runtime/sandbox-runtime.js';
import { runSteps } from '../net-apply.js';
import type { NetPlan } from '../net-plan.js';
import { syncDnsAndRuntime } from './dns-and-runtime.js';

/**
 * Takes away what is no longer desired: the processes and DNS listeners of sandboxes going away
 * stop before their namespaces go, then the agent's stale links. Returns the namespace record
 * without the namespaces deleted; does nothing when the plan has no leftovers.
 */
export async function removeLeftovers(
  parts: { dataplane: Dataplane; dns: EmbeddedDns; runtime: SandboxRuntime },
  document: DesiredState,
  snapshot: DataplaneSnapshot,
  plan: NetPlan,
  recorded: readonly string[],
  conditions: Condition[],
): Promise<string[]> {
  if (plan.staleNamespaces.length === 0 && plan.staleLinks.length === 0) return [...recorded];
  const { dataplane } = parts;
  const kept = document.sandboxes.filter(
    (sandbox) => sandbox.netns === null || snapshot.namespaces.has(sandbox.netns),
  );
  await syncDnsAndRuntime(parts, kept, conditions, 'removing');
  const failed = await dataplane.deleteNamespaces(plan.staleNamespaces);
  for (const [name, message] of failed) {
    conditions.push({ object: `namespace/${name}`, ready: false, message: `cannot delete: ${message}` });
  }
  const removed = new Set(plan.staleNamespaces.filter((name) => !failed.has(name)));
  const left = recorded.filter((name) => !removed.has(name));
  await dataplane.record.save(left);
  const linkErrors = new Map<string, string>();
  const steps = plan.staleLinks.map((name) => ({
    object: `link/${name}`,
    netns: undefined,
    lines: [`link del ${name}`],
  }));
  await runSteps(dataplane, steps, linkErrors);
  for (const [object, message] of linkErrors) conditions.push({ object, ready: false, message });
  return left;
}
