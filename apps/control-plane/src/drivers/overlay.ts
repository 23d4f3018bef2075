import { ServiceError } from '../errors.js';
import { maxVni } from '../ipam/vni.js';
import { checkKnownOptions, readMtu } from './options.js';

export const overlayOptions = {
  mtu: 'com.docker.network.driver.mtu',
  vxlanIdList: 'com.docker.network.driver.overlay.vxlanid_list',
  encrypted: 'encrypted',
} as const;

/** VXLAN over UDP adds 50 bytes to a 1500-byte underlay, so overlays default to 1450. */
export const defaultOverlayMtu = 1450;
export const vxlanPort = 4789;

export interface OverlaySettings {
  mtu: number;
  /** The VNI fixed by `vxlanid_list`, if any. */
  fixedVni: number | undefined;
  /** `-o encrypted`: needs IPsec ESP on every node it lives on. */
  encrypted: boolean;
}

export function resolveOverlayOptions(options: Record<string, string>): OverlaySettings {
  checkKnownOptions('overlay', options, Object.values(overlayOptions));
  const list = options[overlayOptions.vxlanIdList];
  let fixedVni: number | undefined;
  if (list !== undefined) {
    // Docker takes one id per subnet; with one subnet per overlay the first one is the network's.
    const first = list.split(',')[0]?.trim() ?? '';
    fixedVni = Number(first);
    if (!/^\d+$/.test(first) || fixedVni < 1 || fixedVni > maxVni) {
      throw new ServiceError(
        'BAD_REQUEST',
        `invalid VXLAN id "${list}": must be a number from 1 to ${maxVni}`,
        `options.${overlayOptions.vxlanIdList}`,
      );
    }
  }
  // `-o encrypted` arrives as an empty value; anything but an explicit false turns it on.
  const encryptedText = options[overlayOptions.encrypted];
  const encrypted = encryptedText !== undefined && !['false', '0'].includes(encryptedText.toLowerCase());
  return { mtu: readMtu(options, overlayOptions.mtu, defaultOverlayMtu), fixedVni, encrypted };
}
