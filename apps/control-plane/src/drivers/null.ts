import type { NetworkDriverModel } from './driver.js';

/** No networking (`--network none`): only the predefined `none` network, nothing to settle or build. */
export const nullDriver: NetworkDriverModel = {
  name: 'null',
  takesConfigFrom: false,
  requirements: () => [],
  compile: () => ({}),
  gatewayRoute: true,
  carriesPublishedPorts: false,
  buildsOnNodes: false,
  networkMode: true,
};
