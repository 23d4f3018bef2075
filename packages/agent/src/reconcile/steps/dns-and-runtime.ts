import type { Condition, DesiredSandbox } from '@switchyard/contracts';
import type { EmbeddedDns } from '../../resolver/embedded-dns.js';
import type { SandboxRuntime } from '../../runtime/sandbox-runtime.js';
import { describe } from '../conditions.js';

/**
 * Hands the sandboxes to the DNS and the runtime. When sandboxes are going away their processes
 * stop first; when they are coming, their resolver is listening before the process starts.
 */
export async function syncDnsAndRuntime(
  { dns, runtime }: { dns: EmbeddedDns; runtime: SandboxRuntime },
  sandboxes: readonly DesiredSandbox[],
  conditions: Condition[],
  direction: 'adding' | 'removing',
): Promise<void> {
  const steps: [string, () => Promise<void>][] = [
    ['agent/dns', () => dns.sync(sandboxes)],
    ['agent/runtime', () => runtime.sync(sandboxes)],
  ];
  if (direction === 'removing') steps.reverse();
  for (const [object, step] of steps) {
    try {
      await step();
    } catch (error) {
      conditions.push({ object, ready: false, message: describe(error) });
    }
  }
}
