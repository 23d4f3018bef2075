import type { NetworkDriverModel } from './driver.js';

/** The host's own network stack: only the predefined `host` network, nothing to settle or build. */
export const hostDriver: NetworkDriverModel = {
  name: 'host',
  takesConfigFrom: false,
  requirements: () => [],
  compile: () => ({}),
  gatewayRoute: true,
  carriesPublishedPorts: false,
  buildsOnNodes: false,
  networkMode: true,
};
