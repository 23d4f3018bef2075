import {
  bridgeOptions,
  cidrContains,
  cidrSchema,
  ipv4Schema,
  networkNameSchema,
  nodeLabel,
  parseCidr,
  type Cidr,
  type Ipv4,
  type NetworkCreateInput,
  type NetworkDriver,
} from '@switchyard/contracts';
import { macvlanOptions, overlayOptions, type MacvlanMode } from '../../../lib/inventory/driver-options';
import { splitList, zodMessage } from '../../../lib/inventory/zod-message';
import { driverForms } from './network-drivers';

/** One `--subnet` with its `--ip-range`, `--gateway` and `--aux-address`es, as typed. */
export interface IpamPoolDraft {
  /** Stable React key: pools can be removed from the middle. */
  key: number;
  subnet: string;
  ipRange: string;
  gateway: string;
  /** `name=address` pairs separated by commas or spaces. */
  auxAddresses: string;
}

/** The create-network form as typed; everything is text until it is turned into the API's input. */
export interface NetworkDraft {
  name: string;
  driver: NetworkDriver;
  /** Empty: let the control plane pick the least loaded node. */
  nodeName: string;
  pools: IpamPoolDraft[];
  internal: boolean;
  attachable: boolean;
  bridgeName: string;
  enableIcc: boolean;
  enableIpMasquerade: boolean;
  hostBindingIpv4: string;
  mtu: string;
  encrypted: boolean;
  parent: string;
  macvlanMode: MacvlanMode;
}

export const emptyNetworkDraft: NetworkDraft = {
  name: '',
  driver: 'bridge',
  nodeName: '',
  pools: [],
  internal: false,
  attachable: false,
  bridgeName: '',
  enableIcc: true,
  enableIpMasquerade: true,
  hostBindingIpv4: '',
  mtu: '',
  encrypted: false,
  parent: 'eth0',
  macvlanMode: 'bridge',
};

/** Field paths as the server names them in its errors, so its refusals land next to the right input. */
export const networkFields = {
  name: 'name',
  driver: 'driver',
  node: `labels.${nodeLabel}`,
  internal: 'internal',
  attachable: 'attachable',
  bridgeName: `options.${bridgeOptions.name}`,
  enableIcc: `options.${bridgeOptions.enableIcc}`,
  enableIpMasquerade: `options.${bridgeOptions.enableIpMasquerade}`,
  hostBindingIpv4: `options.${bridgeOptions.hostBindingIpv4}`,
  mtu: `options.${bridgeOptions.mtu}`,
  encrypted: `options.${overlayOptions.encrypted}`,
  parent: `options.${macvlanOptions.parent}`,
  macvlanMode: `options.${macvlanOptions.mode}`,
  ipam: 'ipam',
} as const;

export const poolField = (index: number, part: 'subnet' | 'ipRange' | 'gateway' | 'auxAddresses') =>
  `ipam.${index}.${part}`;

const driverOptionFields: Record<NetworkDriver, string[]> = {
  bridge: [
    networkFields.bridgeName,
    networkFields.enableIcc,
    networkFields.enableIpMasquerade,
    networkFields.hostBindingIpv4,
    networkFields.mtu,
  ],
  overlay: [networkFields.mtu, networkFields.encrypted],
  macvlan: [networkFields.parent, networkFields.macvlanMode],
  host: [],
  null: [],
};

/**
 * The fields on screen for the draft's driver: a refusal naming one lands next to it, and one naming
 * a field the form does not show (for this driver) is the form's error, never lost.
 */
export function networkFieldPaths(draft: NetworkDraft): string[] {
  const form = driverForms[draft.driver];
  const pools = draft.pools.flatMap((_, index) =>
    (['subnet', 'ipRange', 'gateway', 'auxAddresses'] as const).map((part) => poolField(index, part)),
  );
  return [
    networkFields.name,
    networkFields.driver,
    ...(form.pinnable ? [networkFields.node] : []),
    ...(form.ipam === 'none' ? [] : [networkFields.ipam, ...pools]),
    ...driverOptionFields[draft.driver],
    ...(form.internal ? [networkFields.internal] : []),
    networkFields.attachable,
  ];
}

/** Linux limits interface names to 15 bytes. */
const interfaceNamePattern = /^[a-zA-Z0-9_.-]{1,15}$/;

function parseAuxAddresses(text: string): { entries: [string, string][]; error: string | null } {
  const entries: [string, string][] = [];
  for (const pair of splitList(text)) {
    const [name = '', address = '', ...rest] = pair.split('=');
    if (name === '' || address === '' || rest.length > 0)
      return { entries, error: `"${pair}" is not name=address` };
    entries.push([name, address]);
  }
  return { entries, error: null };
}

function validatePool(
  pool: IpamPoolDraft,
  index: number,
  gatewayRequired: boolean,
  errors: Map<string, string>,
): void {
  const subnetError = pool.subnet === '' ? 'is required for this pool' : zodMessage(cidrSchema, pool.subnet);
  if (subnetError) errors.set(poolField(index, 'subnet'), subnetError);
  else {
    const network = parseCidr(pool.subnet as Cidr).network;
    const [address] = pool.subnet.split('/');
    // Docker refuses host bits in --subnet rather than guessing what was meant.
    if (address !== network)
      errors.set(
        poolField(index, 'subnet'),
        `has host bits set: did you mean ${network}/${pool.subnet.split('/')[1]}?`,
      );
  }
  const subnet = subnetError ? null : (pool.subnet as Cidr);

  if (pool.ipRange !== '') {
    const rangeError = zodMessage(cidrSchema, pool.ipRange);
    if (rangeError) errors.set(poolField(index, 'ipRange'), rangeError);
    else if (subnet) {
      const range = parseCidr(pool.ipRange as Cidr);
      const outer = parseCidr(subnet);
      if (range.first < outer.first || range.last > outer.last)
        errors.set(poolField(index, 'ipRange'), `must lie inside the subnet ${subnet}`);
    }
  }

  if (pool.gateway === '' && gatewayRequired)
    errors.set(poolField(index, 'gateway'), "is required: the underlay's router");
  if (pool.gateway !== '') {
    const gatewayError = zodMessage(ipv4Schema, pool.gateway);
    if (gatewayError) errors.set(poolField(index, 'gateway'), gatewayError);
    else if (subnet && !cidrContains(subnet, pool.gateway as Ipv4))
      errors.set(poolField(index, 'gateway'), `must lie inside the subnet ${subnet}`);
  }

  const aux = parseAuxAddresses(pool.auxAddresses);
  const badAux =
    aux.error ??
    aux.entries
      .map(([name, address]) => {
        const addressError = zodMessage(ipv4Schema, address);
        if (addressError) return `${name}: ${addressError}`;
        if (subnet && !cidrContains(subnet, address as Ipv4))
          return `${name}: ${address} is outside ${subnet}`;
        return null;
      })
      .find((message) => message !== null);
  if (badAux) errors.set(poolField(index, 'auxAddresses'), badAux);
}

const interfaceNameMessage = 'must be 1-15 letters, digits, "_", "." or "-"';

/** Every problem the form can see before asking the server, keyed by field path. */
export function validateNetworkDraft(draft: NetworkDraft): Map<string, string> {
  const errors = new Map<string, string>();
  const nameError = zodMessage(networkNameSchema, draft.name);
  if (nameError) errors.set(networkFields.name, nameError);
  const form = driverForms[draft.driver];
  if (form.ipam === 'none') return errors;

  if (form.ipam === 'required' && draft.pools.length === 0)
    errors.set(networkFields.ipam, "needs the underlay's subnet and gateway");
  draft.pools.forEach((pool, index) => validatePool(pool, index, form.ipam === 'required', errors));
  if (draft.driver === 'bridge') {
    if (draft.bridgeName !== '' && !interfaceNamePattern.test(draft.bridgeName))
      errors.set(networkFields.bridgeName, interfaceNameMessage);
    if (draft.hostBindingIpv4 !== '') {
      const bindingError = zodMessage(ipv4Schema, draft.hostBindingIpv4);
      if (bindingError) errors.set(networkFields.hostBindingIpv4, bindingError);
    }
  }
  if (draft.driver === 'macvlan' && !interfaceNamePattern.test(draft.parent))
    errors.set(networkFields.parent, interfaceNameMessage);
  if (draft.driver !== 'macvlan' && draft.mtu !== '') {
    const mtu = Number(draft.mtu);
    if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65_535)
      errors.set(networkFields.mtu, 'must be a whole number from 68 to 65535');
  }
  return errors;
}

/** Only options that differ from Docker's defaults, so `inspect` shows what the operator chose. */
function bridgeOptionsOf(draft: NetworkDraft): Record<string, string> {
  const options: Record<string, string> = {};
  if (draft.bridgeName !== '') options[bridgeOptions.name] = draft.bridgeName;
  if (!draft.enableIcc) options[bridgeOptions.enableIcc] = 'false';
  if (!draft.enableIpMasquerade) options[bridgeOptions.enableIpMasquerade] = 'false';
  if (draft.hostBindingIpv4 !== '') options[bridgeOptions.hostBindingIpv4] = draft.hostBindingIpv4;
  if (draft.mtu !== '') options[bridgeOptions.mtu] = String(Number(draft.mtu));
  return options;
}

/** Docker's overlay driver enables IPsec when the `encrypted` key is present; "true" reads plainly in inspect. */
function overlayOptionsOf(draft: NetworkDraft): Record<string, string> {
  const options: Record<string, string> = {};
  if (draft.mtu !== '') options[bridgeOptions.mtu] = String(Number(draft.mtu));
  if (draft.encrypted) options[overlayOptions.encrypted] = 'true';
  return options;
}

/** The parent is always sent (the lab's hosts have no dummy fallback); the mode only when not Docker's default. */
function macvlanOptionsOf(draft: NetworkDraft): Record<string, string> {
  return {
    [macvlanOptions.parent]: draft.parent,
    ...(draft.macvlanMode === 'bridge' ? {} : { [macvlanOptions.mode]: draft.macvlanMode }),
  };
}

const driverOptionsOf: Partial<Record<NetworkDriver, (draft: NetworkDraft) => Record<string, string>>> = {
  bridge: bridgeOptionsOf,
  overlay: overlayOptionsOf,
  macvlan: macvlanOptionsOf,
};

export function toNetworkCreateInput(draft: NetworkDraft): NetworkCreateInput {
  const form = driverForms[draft.driver];
  return {
    name: draft.name.trim(),
    driver: draft.driver,
    ipam:
      form.ipam === 'none'
        ? []
        : draft.pools.map((pool) => ({
            subnet: pool.subnet,
            ...(pool.ipRange === '' ? {} : { ipRange: pool.ipRange }),
            ...(pool.gateway === '' ? {} : { gateway: pool.gateway }),
            auxAddresses: Object.fromEntries(parseAuxAddresses(pool.auxAddresses).entries),
          })),
    internal: form.internal && draft.internal,
    attachable: draft.attachable,
    options: driverOptionsOf[draft.driver]?.(draft) ?? {},
    labels: form.pinnable && draft.nodeName !== '' ? { [nodeLabel]: draft.nodeName } : {},
  };
}
