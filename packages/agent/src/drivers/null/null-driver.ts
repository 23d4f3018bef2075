import { emptyEndpointPlan, type Driver } from '../driver.js';

/** `null`: the sandbox keeps its own namespace with only `lo` (which every sandbox gets anyway). */
export const nullDriver: Driver = {
  networkNamespace: () => undefined,
  networkLinks: () => [],
  planNetwork: () => ({ lines: [] }),
  endpointLinks: () => [],
  planEndpoint: () => emptyEndpointPlan,
  gateway: () => null,
};
