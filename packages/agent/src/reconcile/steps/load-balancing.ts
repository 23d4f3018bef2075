import type { Condition, DesiredSandbox } from '@switchyard/contracts';
import type { VerdictTables } from '../../firewall/verdict-sync.js';
import { lbTable, lbTableSpec } from '../../loadbalancer/render-lb.js';
import { describeFindings } from '../../firewall/verdict-drift.js';
import { repaired, type PassResult } from '../conditions.js';

/** Each sandbox's VIPs, balanced in its own namespace; a change touches only the services it changes. */
export async function balanceVirtualServices(
  verdictTables: VerdictTables,
  sandboxes: readonly DesiredSandbox[],
  conditions: Condition[],
  result: PassResult,
  verify: boolean,
): Promise<void> {
  const named = sandboxes.filter((sandbox) => sandbox.netns !== null);
  verdictTables.retain(
    new Set<string | undefined>([undefined, ...named.map((sandbox) => sandbox.netns ?? '')]),
  );
  const specs = named.map((sandbox) => lbTableSpec(sandbox.virtualServices));
  // One batch for every sandbox, reported in document order so the conditions compare equal
  // pass to pass.
  const outcomes = await verdictTables.syncAll(
    named.map((sandbox, index) => ({
      netns: sandbox.netns ?? undefined,
      table: lbTable,
      spec: specs[index],
      verify,
    })),
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
      repaired(result, object, describeFindings(outcome.findings), 'restored what was applied');
    }
    if (specs[index] !== undefined) conditions.push({ object, ready: true });
  });
}
