import type { DesiredNetwork } from '@switchyard/contracts';
import { bridgeDriver } from './bridge/bridge-driver.js';
import type { Driver } from './driver.js';
import { hostDriver } from './host/host-driver.js';
import { macvlanDriver } from './macvlan/macvlan-driver.js';
import { nullDriver } from './null/null-driver.js';
import { overlayDriver } from './overlay/overlay-driver.js';

const drivers: Record<string, Driver> = {
  bridge: bridgeDriver,
  host: hostDriver,
  null: nullDriver,
  overlay: overlayDriver,
  macvlan: macvlanDriver,
};

/** The driver for a network, or undefined for one this agent does not have (reported, not thrown). */
export function driverFor(network: DesiredNetwork): Driver | undefined {
  return drivers[network.driver];
}
