import type { DiagnosticQuery, NamespaceRef } from '@switchyard/contracts';
import type { EndpointRef, NetworkRef, NodeRef, PathFacts, SandboxRef } from '../../path-facts.js';
import type { AuditQueries } from '../audit-types.js';
import type { Flow } from '../nft/match.js';

/** What the connects try: TCP to a port, or a ping. */
export type Probe = { protocol: 'tcp'; port: number } | { protocol: 'icmp'; port: null };

export interface Hop {
  sandbox: SandboxRef;
  endpoint: EndpointRef;
  /** Its interface inside the sandbox, when the store knows it. */
  interfaceName: string | null;
}

export interface Context {
  facts: PathFacts;
  network: NetworkRef;
  client: Hop;
  backends: Hop[];
  vip: string | null;
  probe: Probe;
  queries: Map<string, DiagnosticQuery[]>;
  connectQueryIds: string[];
}

export const rpSysctls = (device: string | null) => [
  'net.ipv4.conf.all.rp_filter',
  ...(device === null ? [] : [`net.ipv4.conf.${device}.rp_filter`]),
];

export function ask(
  context: Context,
  node: NodeRef,
  key: string,
  where: NamespaceRef,
  facts: { ports?: boolean; routes?: boolean; sysctls?: string[] },
): AuditQueries {
  const list = context.queries.get(node.id) ?? [];
  context.queries.set(node.id, list);
  const add = (fact: DiagnosticQuery & { kind: 'read' }) => {
    if (!list.some((query) => query.id === fact.id)) list.push(fact);
    return fact.id;
  };
  const read = (fact: 'ruleset' | 'links' | 'routes' | 'neighbours' | 'ports') =>
    add({ id: `audit:${key}:${fact}`, kind: 'read', where, fact });
  return {
    ruleset: read('ruleset'),
    links: read('links'),
    routes: facts.routes === false ? null : read('routes'),
    neighbours: facts.routes === false ? null : read('neighbours'),
    ports: facts.ports === true ? read('ports') : null,
    sysctls:
      facts.sysctls === undefined || facts.sysctls.length === 0
        ? null
        : add({ id: `audit:${key}:sysctls`, kind: 'read', where, fact: 'sysctls', sysctls: facts.sysctls }),
  };
}

/** A packet of the flow, and its answer the other way. */
export function packets(
  probe: Probe,
  from: string,
  to: string,
  devices: { out: string | null; in: string | null },
): { request: Flow; reply: Flow } {
  const tcp = probe.protocol === 'tcp';
  return {
    request: {
      route: 'out',
      saddr: from,
      daddr: to,
      protocol: probe.protocol,
      sport: null,
      dport: probe.port,
      ...(tcp ? {} : { icmpType: 'echo-request' as const }),
      iifname: devices.in,
      oifname: devices.out,
      ct: 'new',
      direction: 'original',
    },
    reply: {
      route: 'in',
      saddr: to,
      daddr: from,
      protocol: probe.protocol,
      sport: probe.port,
      dport: null,
      ...(tcp ? {} : { icmpType: 'echo-reply' as const }),
      iifname: devices.out,
      oifname: devices.in,
      ct: 'established',
      direction: 'reply',
    },
  };
}

export const describeProbe = (probe: Probe, to: string) =>
  probe.protocol === 'tcp' ? `tcp → ${to}:${probe.port}` : `ping → ${to}`;
