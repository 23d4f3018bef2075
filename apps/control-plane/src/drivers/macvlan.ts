import { ServiceError } from '../errors.js';
import { checkKnownOptions, readMtu } from './options.js';

export const macvlanOptions = {
  parent: 'parent',
  mode: 'macvlan_mode',
  mtu: 'com.docker.network.driver.mtu',
} as const;

export const macvlanModes = ['bridge', 'private', 'vepa', 'passthru'] as const;
export type MacvlanMode = (typeof macvlanModes)[number];

/** In the lab (and on most hosts) the underlay link is eth0: the parent when none is given. */
export const defaultParent = 'eth0';

export interface MacvlanSettings {
  parent: string;
  mode: MacvlanMode;
  mtu: number | null;
}

const isMode = (text: string): text is MacvlanMode => (macvlanModes as readonly string[]).includes(text);

export function resolveMacvlanOptions(options: Record<string, string>): MacvlanSettings {
  checkKnownOptions('macvlan', options, Object.values(macvlanOptions));
  const parent = options[macvlanOptions.parent] ?? defaultParent;
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(parent)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid parent interface "${parent}": 1-15 letters, digits, "_", "." or "-"`,
      `options.${macvlanOptions.parent}`,
    );
  }
  const mode = options[macvlanOptions.mode] ?? 'bridge';
  if (!isMode(mode)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `requested macvlan mode '${mode}' is not valid, 'bridge' mode is the macvlan driver default`,
      `options.${macvlanOptions.mode}`,
    );
  }
  return { parent, mode, mtu: readMtu(options, macvlanOptions.mtu, null) };
}

/** `eth0.10`: a VLAN sub-interface, which the agent creates with 802.1Q. */
export const isVlanParent = (parent: string): boolean => parent.includes('.');
