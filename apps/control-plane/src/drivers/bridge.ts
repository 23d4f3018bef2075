import { bridgeOptions, ipv4Schema, type Ipv4 } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';

/** Docker's bridge options, resolved with their defaults: what the agent's bridge driver is given. */
export interface BridgeSettings {
  interfaceName: string;
  mtu: number;
  icc: boolean;
  masquerade: boolean;
  hostBindingIpv4: Ipv4;
}

const known = new Set<string>(Object.values(bridgeOptions));
const booleans: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

function readBool(options: Record<string, string>, key: string, fallback: boolean): boolean {
  const text = options[key];
  if (text === undefined) return fallback;
  const value = booleans[text.toLowerCase()];
  if (value === undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid value "${text}" for ${key}: must be true or false`,
      `options.${key}`,
    );
  }
  return value;
}

/** The predefined `bridge` is `docker0`; others are `br-` and the first 12 hex digits of their id. */
export function defaultBridgeName(networkId: string, predefined: boolean): string {
  return predefined ? 'docker0' : `br-${networkId.slice(0, 12)}`;
}

/** Validates the options and fills in Docker's defaults; a refusal names the option. */
export function resolveBridgeOptions(
  options: Record<string, string>,
  networkId: string,
  predefined: boolean,
): BridgeSettings {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new ServiceError(
        'BAD_REQUEST',
        `unknown option ${key} for the bridge driver (known: ${[...known].join(', ')})`,
        `options.${key}`,
      );
    }
  }
  const interfaceName = options[bridgeOptions.name] ?? defaultBridgeName(networkId, predefined);
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(interfaceName)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid bridge name "${interfaceName}": 1-15 letters, digits, "_", "." or "-"`,
      `options.${bridgeOptions.name}`,
    );
  }
  const mtuText = options[bridgeOptions.mtu] ?? '1500';
  const mtu = Number(mtuText);
  if (!/^\d+$/.test(mtuText) || mtu < 68 || mtu > 65_535) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid MTU "${mtuText}": must be a number from 68 to 65535`,
      `options.${bridgeOptions.mtu}`,
    );
  }
  const binding = ipv4Schema.safeParse(options[bridgeOptions.hostBindingIpv4] ?? '0.0.0.0');
  if (!binding.success) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid host binding address "${options[bridgeOptions.hostBindingIpv4]}": must be an IPv4 address`,
      `options.${bridgeOptions.hostBindingIpv4}`,
    );
  }
  return {
    interfaceName,
    mtu,
    icc: readBool(options, bridgeOptions.enableIcc, true),
    masquerade: readBool(options, bridgeOptions.enableIpMasquerade, true),
    hostBindingIpv4: binding.data,
  };
}
