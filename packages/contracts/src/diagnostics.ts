import { z } from 'zod';
import { ipv4Schema } from './net.js';
import { portNumberSchema } from './ports.js';

/**
 * Diagnostics, the netshoot workflow without a shell: probes run inside a sandbox, reads of a host's
 * kernel state, and the "why can't A reach B" path check built from both. The control plane asks an
 * agent with the `diagnose` event (answered through the acknowledgement); every value that ends up
 * in a command's argv is checked here first, so nothing an operator types can become an option.
 */

const hostnamePattern =
  /^(?=.{1,253}$)[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*\.?$/;

/** A DNS name (`web`, `tasks.web`, `_80._tcp.web`) or an IPv4 address; never starts with a dash. */
export const probeHostSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .regex(hostnamePattern, 'must be a hostname such as web or tasks.web, or an IPv4 address');

/** An HTTP path: starts with `/`, printable ASCII without spaces. */
export const httpPathSchema = z
  .string()
  .trim()
  .max(512, 'must be at most 512 characters')
  .regex(/^\/[\x21-\x7e]*$/, 'must start with / and have no spaces, such as /health');

export const dnsProbeSchema = z.object({
  tool: z.literal('dns'),
  name: probeHostSchema,
  type: z.enum(['A', 'SRV']).default('A'),
});
export const pingProbeSchema = z.object({
  tool: z.literal('ping'),
  host: probeHostSchema,
  count: z.number().int().min(1, 'must be 1-5').max(5, 'must be 1-5').default(3),
  /** Payload bytes (`-s`); the packet is 28 more. Absent: ping's own 56. */
  size: z.number().int().min(16, 'must be 16-65507').max(65_507, 'must be 16-65507').optional(),
  /** Set DF and never fragment (`-M do`): a packet larger than a link on the path is lost, not split. */
  dontFragment: z.boolean().optional(),
});
export const tcpProbeSchema = z.object({
  tool: z.literal('tcp'),
  host: probeHostSchema,
  port: portNumberSchema,
});
export const httpProbeSchema = z.object({
  tool: z.literal('http'),
  host: probeHostSchema,
  port: portNumberSchema.default(80),
  path: httpPathSchema.default('/'),
  /** Sent as the Host header (a routing mesh routes by it); absent: curl's own, from `host`. */
  hostHeader: probeHostSchema.optional(),
});
export const captureProbeSchema = z.object({
  tool: z.literal('capture'),
  seconds: z.number().int().min(1, 'must be 1-10 seconds').max(10, 'must be 1-10 seconds').default(3),
  maxPackets: z.number().int().min(1, 'must be 1-500').max(500, 'must be 1-500').default(100),
  /** Only packets to or from this address, on this port, of this protocol (all optional). */
  host: ipv4Schema.optional(),
  port: portNumberSchema.optional(),
  protocol: z.enum(['tcp', 'udp', 'icmp', 'arp']).optional(),
});

export const probeSpecSchema = z.discriminatedUnion('tool', [
  dnsProbeSchema,
  pingProbeSchema,
  tcpProbeSchema,
  httpProbeSchema,
  captureProbeSchema,
]);
export type ProbeSpec = z.infer<typeof probeSpecSchema>;
export type ProbeTool = ProbeSpec['tool'];

/** What a short packet capture saw, summarised. */
export const captureSummarySchema = z.object({
  packets: z.number().int().nonnegative(),
  byProtocol: z.array(z.object({ protocol: z.string(), count: z.number().int().nonnegative() })),
  /** `source > destination` addresses (ports left out), busiest first. */
  byPeer: z.array(z.object({ peers: z.string(), count: z.number().int().nonnegative() })),
  firstLines: z.array(z.string()),
});
export type CaptureSummary = z.infer<typeof captureSummarySchema>;

export const probeResultSchema = z.object({
  /** The command as it ran, one element an argument (no shell). */
  argv: z.array(z.string()),
  /** Null when the tool was stopped (a capture at its time limit, or a tool that overran). */
  exitCode: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  /** stdout then stderr, cut at a fixed size. */
  output: z.string(),
  truncated: z.boolean(),
  capture: captureSummarySchema.optional(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

/** Where a read or probe runs on a host: the host's own namespace, a sandbox's, or an overlay's. */
export const namespaceRefSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('host') }),
  z.object({ scope: z.literal('sandbox'), sandboxId: z.string().min(1).max(128) }),
  z.object({ scope: z.literal('network'), networkId: z.string().min(1).max(128) }),
]);
export type NamespaceRef = z.infer<typeof namespaceRefSchema>;

/**
 * The sysctls a path check reads: forwarding and reverse-path filtering (per device, or `all` and
 * `default`), and whether bridged IPv4 passes netfilter. Device names without dots, so the name maps
 * to one /proc path.
 */
export const auditSysctlSchema = z
  .string()
  .regex(
    /^net\.(ipv4\.ip_forward|ipv4\.conf\.[a-zA-Z0-9_-]{1,15}\.(forwarding|rp_filter)|bridge\.bridge-nf-call-iptables)$/,
    'must be net.ipv4.ip_forward, net.ipv4.conf.<device>.forwarding or .rp_filter, or net.bridge.bridge-nf-call-iptables',
  );

/** Only the agent's own tables can be listed. */
export const nftTableRefSchema = z.object({
  family: z.enum(['ip', 'inet']),
  name: z.string().regex(/^switchyard_[a-z_]+$/, 'must be one of the agent tables, such as switchyard_lb'),
});
export type NftTableRef = z.infer<typeof nftTableRefSchema>;

export const factKindSchema = z.enum([
  'links',
  'routes',
  'neighbours',
  'fdb',
  'nft',
  /** Every table of the namespace, the agent's or not (`nft -j list ruleset`): read-only. */
  'ruleset',
  /** The sysctls named in `sysctls`. */
  'sysctls',
  /** Bridge ports and their state (`bridge -j link show`). */
  'ports',
]);
export type FactKind = z.infer<typeof factKindSchema>;

export const diagnosticQuerySchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string().min(1).max(128),
    kind: z.literal('probe'),
    sandboxId: z.string().min(1).max(128),
    probe: probeSpecSchema,
  }),
  z.object({
    id: z.string().min(1).max(128),
    kind: z.literal('read'),
    where: namespaceRefSchema,
    fact: factKindSchema,
    /** For `nft`: the table to list. */
    table: nftTableRefSchema.optional(),
    /** For `sysctls`: the names to read. */
    sysctls: z.array(auditSysctlSchema).min(1).max(16).optional(),
  }),
  /** A probe in a host's or an overlay's namespace: a published port or the routing mesh from outside. */
  z.object({
    id: z.string().min(1).max(128),
    kind: z.literal('probe-at'),
    where: namespaceRefSchema,
    probe: probeSpecSchema,
  }),
]);
export type DiagnosticQuery = z.infer<typeof diagnosticQuerySchema>;

export const diagnosticsRequestSchema = z.object({ queries: z.array(diagnosticQuerySchema).min(1).max(64) });
export type DiagnosticsRequest = z.infer<typeof diagnosticsRequestSchema>;

export const linkFactSchema = z.object({
  name: z.string(),
  kind: z.string(),
  mtu: z.number().int(),
  up: z.boolean(),
  mac: z.string(),
  master: z.string().nullable(),
  addresses: z.array(z.string()),
  vni: z.number().int().nullable(),
});
export type LinkFact = z.infer<typeof linkFactSchema>;

export const routeFactSchema = z.object({
  destination: z.string(),
  gateway: z.string().nullable(),
  device: z.string().nullable(),
  protocol: z.string().nullable(),
  scope: z.string().nullable(),
  source: z.string().nullable(),
});
export type RouteFact = z.infer<typeof routeFactSchema>;

export const neighbourFactSchema = z.object({
  address: z.string(),
  device: z.string(),
  mac: z.string().nullable(),
  state: z.string(),
});
export type NeighbourFact = z.infer<typeof neighbourFactSchema>;

export const fdbFactSchema = z.object({
  mac: z.string(),
  device: z.string(),
  /** The remote VTEP of a VXLAN entry. */
  destination: z.string().nullable(),
  master: z.string().nullable(),
  state: z.string(),
  /** The device's own entry (`self`) rather than the bridge's. */
  self: z.boolean(),
});
export type FdbFact = z.infer<typeof fdbFactSchema>;

export const nftFactSchema = z.object({
  table: nftTableRefSchema,
  present: z.boolean(),
  /** `nft list table` as the kernel prints it. */
  text: z.string(),
});
export type NftFact = z.infer<typeof nftFactSchema>;

/** A sysctl's value; null when the namespace has no such entry (a device that does not exist). */
export const sysctlFactSchema = z.object({ name: z.string(), value: z.string().nullable() });
export type SysctlFact = z.infer<typeof sysctlFactSchema>;

/** A bridge port: `state` as the bridge sees it (forwarding, disabled...), and its link flags. */
export const portFactSchema = z.object({
  name: z.string(),
  master: z.string().nullable(),
  state: z.string(),
  up: z.boolean(),
  /** LOWER_UP: the other end of the cable (a veth's peer) is up too. */
  carrier: z.boolean(),
});
export type PortFact = z.infer<typeof portFactSchema>;

export const factSchema = z.discriminatedUnion('fact', [
  z.object({ fact: z.literal('links'), links: z.array(linkFactSchema) }),
  z.object({ fact: z.literal('routes'), routes: z.array(routeFactSchema) }),
  z.object({ fact: z.literal('neighbours'), neighbours: z.array(neighbourFactSchema) }),
  z.object({ fact: z.literal('fdb'), fdb: z.array(fdbFactSchema) }),
  z.object({ fact: z.literal('nft'), nft: nftFactSchema }),
  /** `nft -j list ruleset` as the kernel printed it: the `nftables` array. */
  z.object({ fact: z.literal('ruleset'), nftables: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ fact: z.literal('sysctls'), sysctls: z.array(sysctlFactSchema) }),
  z.object({ fact: z.literal('ports'), ports: z.array(portFactSchema) }),
]);
export type Fact = z.infer<typeof factSchema>;

export const diagnosticAnswerSchema = z.union([
  z.object({
    id: z.string(),
    ok: z.literal(true),
    /** The namespace it ran in; null: the host's own. */
    netns: z.string().nullable(),
    probe: probeResultSchema.optional(),
    fact: factSchema.optional(),
  }),
  z.object({ id: z.string(), ok: z.literal(false), error: z.string() }),
]);
export type DiagnosticAnswer = z.infer<typeof diagnosticAnswerSchema>;

export const diagnosticsResponseSchema = z.union([
  z.object({ ok: z.literal(true), answers: z.array(diagnosticAnswerSchema) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type DiagnosticsResponse = z.infer<typeof diagnosticsResponseSchema>;

/** `web`, `web:80` or `tasks.web:8080`: what a path check tries to reach. */
export const pathTargetSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(260)
  .transform((text, context) => {
    const match = /^([^:]+?)(?::(\d{1,5}))?$/.exec(text);
    const port = match?.[2] === undefined ? null : Number(match[2]);
    const name = match?.[1] ?? '';
    if (match === null || !hostnamePattern.test(name) || (port !== null && (port < 1 || port > 65_535))) {
      context.addIssue({
        code: 'custom',
        message: 'must be a container or service name, optionally with a port, such as web or web:80',
      });
      return z.NEVER;
    }
    return { name, port };
  });
export type PathTarget = z.output<typeof pathTargetSchema>;

export const stepStatusSchema = z.enum(['ok', 'broken', 'skipped']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

/**
 * The object a step judged, for machines (the topology marks it): a container or task (by its
 * sandbox's id, which is its container's), a host, a network's copy on `node`, or a service.
 */
export interface PathSubject {
  kind: 'container' | 'task' | 'node' | 'network' | 'service';
  id: string;
  name: string;
  /** The host it is on: a sandbox's, or the one holding that copy of a network. */
  node?: { id: string; name: string };
}

/** One hop of a path check, judged. */
export interface PathStep {
  id: string;
  title: string;
  status: StepStatus;
  /** A sentence naming the host and the object, e.g. `sy-host1: the overlay appnet (vx-4097) ...`. */
  message: string;
  /** The command that ran and what it printed, or the facts read, when the step has any. */
  detail: string | null;
  /** What the step is about, when one object is. */
  subject?: PathSubject;
}

/** A broken step the control plane remembers from a recent path or target check. */
export interface PathBreak {
  /** The check it came from: `from → to`. */
  path: string;
  /** ISO time of the check. */
  checkedAt: string;
  title: string;
  message: string;
  subject: PathSubject;
}

export interface PathCheckResult {
  from: string;
  to: string;
  ok: boolean;
  /** The first broken step, where the path breaks. */
  brokenAt: string | null;
  steps: PathStep[];
  durationMs: number;
}

/** One chain (or map, or set) of an nft table, with the rules that concern what was asked. */
export interface NftBlockView {
  kind: 'chain' | 'map' | 'set';
  name: string;
  /** `type nat hook output priority -100; policy accept;`, a map's type, and such. */
  header: string[];
  lines: { text: string; relevant: boolean }[];
}

export interface NftTableView {
  family: string;
  name: string;
  present: boolean;
  blocks: NftBlockView[];
}

/** One namespace of a host view: what the kernel holds there for the network or service asked. */
export interface HostViewSection {
  title: string;
  /** The namespace name on the host; null: the host's own. */
  netns: string | null;
  links: LinkFact[] | null;
  routes: RouteFact[] | null;
  neighbours: NeighbourFact[] | null;
  fdb: FdbFact[] | null;
  tables: NftTableView[];
  /** Why (part of) the section could not be read. */
  errors: string[];
}

export interface HostViewResult {
  node: string;
  subject: { kind: 'network' | 'service'; name: string };
  sections: HostViewSection[];
}
