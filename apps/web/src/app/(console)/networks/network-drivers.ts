import type { NetworkDriver } from '@switchyard/contracts';

/** What the create form asks for with each driver. */
export interface DriverForm {
  hint: string;
  /** A local network lives on one node the operator may pick; an overlay spans nodes instead. */
  pinnable: boolean;
  /** none: no addresses; optional: a default pool otherwise; required: the underlay's, only the user knows. */
  ipam: 'none' | 'optional' | 'required';
  /** Shown while no subnet is given: where the addresses will come from. */
  poolHint: string;
  internal: boolean;
}

export const driverForms: Record<NetworkDriver, DriverForm> = {
  bridge: {
    hint: 'A Linux bridge on one host, with its own subnet, NAT for egress and published ports',
    pinnable: true,
    ipam: 'optional',
    poolHint:
      'No subnet given: the control plane takes the next free /16 from the default pool (172.18.0.0/16 upward), skipping anything the host already uses.',
    internal: true,
  },
  overlay: {
    hint: 'A VXLAN network spanning every host that has a container on it',
    pinnable: false,
    ipam: 'optional',
    poolHint:
      "No subnet given: the next free /24 from 10.0.0.0/8, as Swarm does, skipping anything that overlaps a node's underlay or routes.",
    internal: true,
  },
  macvlan: {
    hint: "Containers sit directly on the host's underlay, each with its own MAC address",
    pinnable: true,
    ipam: 'required',
    poolHint: 'Macvlan containers take addresses on the underlay: add its subnet and gateway.',
    internal: false,
  },
  host: {
    hint: "Containers share the host's network stack: no addresses of their own",
    pinnable: true,
    ipam: 'none',
    poolHint: '',
    internal: false,
  },
  null: {
    hint: 'Loopback only: no connectivity',
    pinnable: true,
    ipam: 'none',
    poolHint: '',
    internal: false,
  },
};

export const driverChoices = (Object.keys(driverForms) as NetworkDriver[]).map((driver) => ({
  value: driver,
  label: driver,
}));
