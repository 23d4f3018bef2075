import type { DesiredState } from '@switchyard/contracts';
import type { Dataplane } from '../../osl/dataplane.js';
import type { EmbeddedDns } from '../../resolver/embedded-dns.js';
import type { SpareNamespace } from '../../sandbox/spare-namespace.js';

/**
 * Makes the namespaces of sandboxes this agent has never made before the kernel is read, and
 * starts opening their resolver listeners: each is a helper process, which then runs while the
 * rest of the pass reads and plumbs. The first takes the spare namespace, if there is one, whose
 * listener is already opening. A failure here is left to the plan, which tries again. Returns
 * the namespaces made.
 */
export async function openNewSandboxes(
  { dataplane, dns, spare }: { dataplane: Dataplane; dns: EmbeddedDns; spare?: SpareNamespace },
  document: DesiredState,
): Promise<Set<string>> {
  const recorded = await dataplane.record.list();
  const known = new Set(recorded);
  const fresh = document.sandboxes.filter((sandbox) => sandbox.netns !== null && !known.has(sandbox.netns));
  if (fresh.length === 0) return new Set();
  const [first] = fresh;
  const adopted = first !== undefined && (await spare?.take(first)) === true ? first : undefined;
  const rest = fresh.filter((sandbox) => sandbox !== adopted);
  const failed = await dataplane.addNamespaces(rest.flatMap((sandbox) => sandbox.netns ?? []));
  const made = rest.filter((sandbox) => !failed.has(sandbox.netns ?? ''));
  const names = [adopted, ...made].flatMap((sandbox) => sandbox?.netns ?? []);
  // Recorded at once: a namespace the agent made is its to delete, even if it stops right now.
  await dataplane.record.save([...recorded, ...names].sort());
  dns.prepare(made);
  return new Set(names);
}
