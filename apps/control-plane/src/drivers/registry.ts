import { bridgeDriver } from './bridge.js';
import type { NetworkDriverModel } from './driver.js';
import type { Requirement } from '../placement/requirements.js';
import { hostDriver } from './host.js';
import { macvlanDriver } from './macvlan.js';
import { nullDriver } from './null.js';
import { overlayDriver } from './overlay.js';

const drivers = new Map<string, NetworkDriverModel>(
  [bridgeDriver, hostDriver, nullDriver, overlayDriver, macvlanDriver].map((driver) => [driver.name, driver]),
);

/** The driver of that name; undefined for a name no driver has (Docker's "plugin not found"). */
export function driverFor(name: string): NetworkDriverModel | undefined {
  return drivers.get(name);
}

/** What a node needs to realise the network: VXLAN (and IPsec when encrypted), macvlan (and 802.1Q). */
export function networkRequirements(network: {
  name: string;
  driver: string;
  options: Record<string, string>;
}): Requirement[] {
  return driverFor(network.driver)?.requirements(network) ?? [];
}

/** Whether networks of the driver are a container's whole network mode (host, none). */
export function isNetworkModeDriver(name: string): boolean {
  return driverFor(name)?.networkMode ?? false;
}
