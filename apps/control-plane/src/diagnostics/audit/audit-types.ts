import type { PathSubject } from '@switchyard/contracts';
import type { NodeRef } from '../path-facts.js';
import type { Flow } from './nft/match.js';

/** A link found by name, or by MAC when the name is not known (a task's interface), or by an address it holds. */
export interface LinkRef {
  name: string | null;
  mac: string | null;
  address?: string;
}

export interface LinkExpectation {
  /** Whose it is, in words: `tool's eth0 on front`, `task web.1's veth`. */
  label: string;
  link: LinkRef;
  /** The bridge it must be a port of; null: none to check. */
  master: string | null;
}

export interface RouteExpectation {
  address: string;
  label: string;
  /** The device the route must leave by; null: any, as long as there is a route and it is up. */
  device: LinkRef | null;
  /** For a next hop on the link: the MAC its neighbour entry must have (null: any that resolves). */
  neighbourMac: string | null;
}

/** Strict reverse-path filtering drops `source` arriving on `device` unless the route back uses it. */
export interface RpFilterCheck {
  device: LinkRef;
  /** The device's name in the sysctl read, when known. */
  deviceName: string | null;
  source: string;
  label: string;
}

/** A packet to judge against the namespace's ruleset; a device given as `route:<address>` is the one the route to it takes. */
export interface AuditFlow {
  label: string;
  flow: Flow;
  /** Resolve an interface from the namespace's routes: the one the route to this address leaves by. */
  iifByRoute?: string;
  oifByRoute?: string;
  /** A bridged packet seen by ip tables only when br_netfilter passes bridged IPv4 to them. */
  viaBrNetfilter?: boolean;
}

export interface AuditQueries {
  ruleset: string;
  links: string;
  routes: string | null;
  neighbours: string | null;
  sysctls: string | null;
  ports: string | null;
}

/** One namespace on the path and everything in it that can drop or misroute the flow. */
export interface AuditNamespace {
  id: string;
  title: string;
  node: NodeRef;
  /** `tool's sandbox`, `the overlay namespace of front`, `the host namespace`. */
  where: string;
  /** The object a break here is marked on: the sandbox, the network's copy, or the host. */
  subject: PathSubject;
  queries: AuditQueries;
  links: LinkExpectation[];
  /** Bridge ports that must be forwarding. */
  ports: { name: string; label: string }[];
  routes: RouteExpectation[];
  rpFilter: RpFilterCheck[];
  /**
   * Where the flow arrives (a backend's sandbox), reverse-path filtering drops the request before any
   * reply is routed: it is named before a route that leaves by the wrong device.
   */
  rpFilterFirst: boolean;
  flows: AuditFlow[];
  /** Connects of the same check: a rule that only may drop is judged against what they saw. */
  connectQueryIds: string[];
}
