import { emptyEndpointPlan, type Driver } from '../driver.js';

/** `host`: the sandbox is the host's own namespace, so there is nothing to plumb. */
export const hostDriver: Driver = {
  networkNamespace: () => undefined,
  networkLinks: () => [],
  planNetwork: () => ({ lines: [] }),
  endpointLinks: () => [],
  planEndpoint: () => emptyEndpointPlan,
  gateway: () => null,
};
