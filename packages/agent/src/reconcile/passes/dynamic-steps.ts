import type { Condition, DesiredSandbox, DesiredState } from '@switchyard/contracts';
import type { DataplaneSnapshot } from '../../osl/dataplane.js';
import type { BeforeRepair, PassResult } from '../conditions.js';
import type { PassContext } from '../pass-context.js';
import { syncDnsAndRuntime } from '../steps/dns-and-runtime.js';
import { balanceVirtualServices } from '../steps/load-balancing.js';

/**
 * What every pass ends with: the routing mesh (ingress), the HTTP mesh's proxy, DNS and the
 * runtime, then the load balancers. `hostLinks` undefined: the meshes' veths are left as they are.
 * `beforeRepair`: told what a verify found drifted before it is put back (a resync).
 */
export async function runDynamicSteps(
  context: PassContext,
  document: DesiredState,
  runnable: readonly DesiredSandbox[],
  hostLinks: DataplaneSnapshot['host'] | undefined,
  conditions: Condition[],
  result: PassResult,
  verify: boolean,
  beforeRepair?: BeforeRepair,
): Promise<void> {
  await context.ingress.run(document, hostLinks, conditions, result, verify, beforeRepair);
  const mesh = await context.mesh.run(document, hostLinks, verify ? { result, beforeRepair } : undefined);
  if (mesh !== undefined) conditions.push(mesh);
  await syncDnsAndRuntime(context.options, runnable, conditions, 'adding');
  // After the DNS: a task leaving stops getting new connections only once names no longer lead to it.
  await balanceVirtualServices(context.verdictTables, runnable, conditions, result, verify, beforeRepair);
}
