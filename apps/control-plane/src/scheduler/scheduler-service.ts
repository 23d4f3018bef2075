import type { ServiceSpec } from '@switchyard/contracts';
import { networkRequirements } from '../drivers/registry.js';
import type { Network } from '../inventory/rows.js';
import { parseConstraint } from './constraints.js';
import type { SchedulerService } from './plan.js';

/** A stored service as the planner sees it: its constraints parsed, its networks' needs as capabilities. */
export function schedulerService(
  spec: ServiceSpec,
  version: number,
  networks: Network[],
  cooling: ReadonlySet<string>,
  updateHeld: boolean,
  image: SchedulerService['image'] = null,
): SchedulerService {
  return {
    mode: spec.mode,
    replicas: spec.replicas,
    version,
    constraints: spec.constraints.map((text, index) => parseConstraint(text, `constraints.${index}`)),
    requires: [
      ...new Set(networks.flatMap(networkRequirements).map((requirement) => requirement.capability)),
    ],
    onePerNode: spec.ports.some((port) => port.publishMode === 'host'),
    parallelism: spec.update.parallelism,
    cooling,
    updateHeld,
    image,
  };
}
