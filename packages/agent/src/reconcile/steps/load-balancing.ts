import type { Condition, DesiredSandbox } from '@switchyard/contracts';
import type { VerdictTables } from '../../firewall/verdict-sync.js';
import { lbTable, lbTableSpec } from '../../loadbalancer/render-lb.js';
import { describeFindings, describeRestored, type VerdictFinding } from '../../firewall/verdict-drift.js';
import { repaired, type BeforeRepair, type PassResult } from '../conditions.js';

/** Each sandbox's VIPs, balanced in its own namespace; a change touches only the services it changes. */
export async function balanceVirtualServices(
  verdictTables: VerdictTables,
  sandboxes: readonly DesiredSandbox[],
  conditions: Condition[],
  result: PassResult,
  verify: boolean,
  beforeRepair?: BeforeRepair,
): Promise<void> {
  const named = sandboxes.filter((sandbox) => sandbox.netns !== null);
  verdictTables.retain(
    new Set<string | undefined>([undefined, ...named.map((sandbox) => sandbox.netns ?? '')]),
  );
  const specs = named.map((sandbox) => lbTableSpec(sandbox.virtualServices));
  // One batch for every sandbox, reported in document order so the conditions compare equal
  // pass to pass.
  const found = (sandbox: DesiredSandbox, findings: readonly VerdictFinding[]) =>
    `in sandbox ${sandbox.name}, ${describeFindings(findings)}`;
  const outcomes = await verdictTables.syncAll(
    named.map((sandbox, index) => ({
      netns: sandbox.netns ?? undefined,
      table: lbTable,
      spec: specs[index],
      verify,
    })),
    (findings) =>
      beforeRepair?.(
        named.flatMap((sandbox, index) => {
          const these = findings[index] ?? [];
          return these.length === 0
            ? []
            : [{ object: `loadbalancer/${sandbox.name}`, found: found(sandbox, these) }];
        }),
      ),
  );
  named.forEach((sandbox, index) => {
    const object = `loadbalancer/${sandbox.name}`;
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    if ('error' in outcome) {
      conditions.push({ object, ready: false, message: outcome.error });
      return;
    }
    if (outcome.findings.length > 0) {
      repaired(result, object, found(sandbox, outcome.findings), describeRestored(outcome.findings));
    }
    if (specs[index] !== undefined) conditions.push({ object, ready: true });
  });
}
