import { z } from 'zod';
import { agentProtocolVersion } from './protocol-version.js';
import { cidrSchema, ipv4Schema, macSchema, vniSchema } from './net.js';
import { networkDriverSchema } from './network-spec.js';
import { containerStatusSchema, restartPolicySchema } from './container-spec.js';
import { portNumberSchema, protocolSchema } from './ports.js';
import { healthCheckSchema, healthStatusSchema } from './service-spec.js';
import { desiredMeshSchema } from './routes.js';
import { desiredImageSchema, digestSchema, observedImageSchema, runtimeSchema } from './images.js';

const sysctlNameSchema = z
  .string()
  .regex(/^[a-z0-9_.-]+$/, 'must be a sysctl key such as net.ipv4.ip_forward');
const interfaceNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_.-]{1,15}$/, 'must be a Linux interface name (1-15 chars)');

/** A network as one node must realise it. */
export const desiredNetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: networkDriverSchema,
  /** Bridge driver settings (Docker's `com.docker.network.bridge.*` options, resolved). */
  bridge: z
    .object({
      interfaceName: interfaceNameSchema,
      mtu: z.number().int().min(68).max(65_535),
      icc: z.boolean(),
      masquerade: z.boolean(),
      /** Default address for published ports of this network (`host_binding_ipv4`). */
      hostBindingIpv4: ipv4Schema,
      internal: z.boolean(),
    })
    .optional(),
  /**
   * Overlay (VXLAN) settings, Docker's shape: on this node a namespace `netns` holds a bridge with
   * the gateway address and a VXLAN link (`nolearning proxy`, `local` = this node's underlay
   * address); every remote endpoint is programmed as a static neighbour and FDB entry, so nothing
   * floods the underlay.
   */
  overlay: z
    .object({
      vni: vniSchema,
      vxlanPort: z.number().int().min(1).max(65_535),
      mtu: z.number().int().min(68).max(65_535),
      internal: z.boolean(),
      netns: z.string(),
      localUnderlay: ipv4Schema,
      /** Endpoints of this network on other nodes: their address and MAC, and their node's VTEP. */
      peers: z.array(z.object({ address: ipv4Schema, mac: macSchema, underlay: ipv4Schema })),
    })
    .optional(),
  /** Macvlan settings: children of `parent` (e.g. eth0, or eth0.10 which needs 802.1Q). */
  macvlan: z
    .object({
      parent: z.string().regex(/^[a-zA-Z0-9_.-]{1,15}$/, 'must be a Linux interface name'),
      mode: z.enum(['bridge', 'private', 'vepa', 'passthru']),
      mtu: z.number().int().min(68).max(65_535).nullable(),
    })
    .optional(),
  subnets: z.array(z.object({ subnet: cidrSchema, gateway: ipv4Schema })),
  /** Names resolve on this network (user-defined networks; not the default `bridge`, as in Docker). */
  embeddedDns: z.boolean(),
});
export type DesiredNetwork = z.infer<typeof desiredNetworkSchema>;

export const desiredEndpointSchema = z.object({
  networkId: z.string(),
  /** Inside the sandbox: eth0, eth1... in the order the container joined. */
  interfaceName: interfaceNameSchema,
  address: ipv4Schema,
  prefixLength: z.number().int().min(0).max(32),
  gateway: ipv4Schema.nullable(),
  mac: macSchema,
});
export type DesiredEndpoint = z.infer<typeof desiredEndpointSchema>;

/** A published port with its host port settled (the control plane picked one for `-P`). */
export const desiredPortSchema = z.object({
  hostIp: ipv4Schema,
  hostPort: portNumberSchema,
  containerPort: portNumberSchema,
  protocol: protocolSchema,
  /** The container address the port forwards to (its first bridge endpoint). */
  targetAddress: ipv4Schema,
});
export type DesiredPort = z.infer<typeof desiredPortSchema>;

/** A name the sandbox's embedded DNS answers: already scoped to the networks it shares. */
export const dnsRecordSchema = z.object({ name: z.string().min(1), address: ipv4Schema });
export type DnsRecord = z.infer<typeof dnsRecordSchema>;

/** `_port._proto.<service>` SRV answers: one per healthy task (dnsrr) or the VIP's name (vip). */
export const srvRecordSchema = z.object({
  name: z.string().min(1),
  target: z.string().min(1),
  port: portNumberSchema,
});
export type SrvRecord = z.infer<typeof srvRecordSchema>;

/**
 * One service's virtual IP as a sandbox on its network sees it: connections to `vip:port` are
 * spread over `backends` (healthy tasks' addresses on that network) in the kernel, per service, so
 * a change to one service rewrites only that service's rules.
 */
export const virtualServiceSchema = z.object({
  serviceId: z.string(),
  vip: ipv4Schema,
  ports: z.array(z.object({ protocol: protocolSchema, port: portNumberSchema })),
  backends: z.array(ipv4Schema),
});
export type VirtualService = z.infer<typeof virtualServiceSchema>;

/** What runs in a sandbox, and how (the runtime's part of a desired sandbox). */
export const workloadSchema = z.object({
  image: z.string(),
  /** process: the command (empty: the image's default); containerd: the whole argv, resolved. */
  command: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  runtime: runtimeSchema.default('process'),
  /** containerd: the image to run, one of the document's `images`. */
  imageId: digestSchema.nullable().default(null),
  /** containerd: `-u` or the image's USER (`uid`, `uid:gid`, `name` or `name:group`); empty: root. */
  user: z.string().default(''),
  /** containerd: `-w` or the image's WORKDIR; empty: `/`. */
  workingDir: z.string().default(''),
  /** The signal `docker stop` sends first (`--stop-signal` or the image's STOPSIGNAL). */
  stopSignal: z.string().default('SIGTERM'),
  /** How long `docker stop` waits before SIGKILL (`--stop-timeout`, `docker stop -t`). */
  stopTimeoutSeconds: z.number().int().min(0).default(10),
});
export type Workload = z.infer<typeof workloadSchema>;

export const desiredSandboxSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostname: z.string(),
  /** Network namespace name; null in host mode (the sandbox is the host's namespace). */
  netns: z.string().nullable(),
  workload: workloadSchema,
  /** Whether the process should be running now (`docker start` / `docker stop`). */
  running: z.boolean(),
  /** Raised by every `docker start` or restart request, so a start after an exit is a new start. */
  startGeneration: z.number().int().nonnegative(),
  restartPolicy: restartPolicySchema,
  endpoints: z.array(desiredEndpointSchema),
  ports: z.array(desiredPortSchema),
  dns: z.object({
    /** The embedded resolver at 127.0.0.11 serves this sandbox (it is on a user-defined network). */
    embedded: z.boolean(),
    /** `--dns`: upstreams for names the resolver does not know, or resolv.conf itself when not embedded. */
    servers: z.array(ipv4Schema),
    search: z.array(z.string()),
    records: z.array(dnsRecordSchema),
    srv: z.array(srvRecordSchema).default([]),
  }),
  /** VIPs this sandbox balances in its own namespace (every sandbox on a service's network). */
  virtualServices: z.array(virtualServiceSchema).default([]),
  /** The task's health check, run by the agent inside the sandbox; null: none. */
  healthCheck: healthCheckSchema.nullable().default(null),
});
export type DesiredSandbox = z.infer<typeof desiredSandboxSchema>;

/**
 * What one node must have. The compiler makes one per node from the whole desired state; the
 * revision rises whenever the document changes, so an agent can tell a stale push from a new one.
 */
export const desiredStateSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  revision: z.number().int().nonnegative(),
  nodeId: z.string(),
  sysctls: z.record(sysctlNameSchema, z.string()),
  networks: z.array(desiredNetworkSchema).default([]),
  sandboxes: z.array(desiredSandboxSchema).default([]),
  /**
   * The routing mesh on this node: the host joins the ingress overlay with `endpoint` (a veth from
   * the host namespace into the ingress network's namespace) and DNATs each published port that
   * arrives for a local address to the service's healthy tasks anywhere on the ingress network,
   * masquerading on the way in so replies come back through this host.
   */
  ingress: z
    .object({
      networkId: z.string(),
      endpoint: z.object({
        interfaceName: z.string(),
        address: ipv4Schema,
        prefixLength: z.number().int().min(0).max(32),
        mac: macSchema,
      }),
      published: z.array(
        z.object({
          serviceId: z.string(),
          protocol: protocolSchema,
          publishedPort: portNumberSchema,
          targetPort: portNumberSchema,
          backends: z.array(ipv4Schema),
        }),
      ),
    })
    .nullable()
    .default(null),
  /** The HTTP routing mesh's proxy on this node; null: none (no mesh network, or not ready yet). */
  hrm: desiredMeshSchema.nullable().default(null),
  /** OCI images this node must hold (every loaded image, on a node with a container runtime). */
  images: z.array(desiredImageSchema).default([]),
});
export type DesiredState = z.infer<typeof desiredStateSchema>;

export const conditionSchema = z.object({
  /** Which object, as `<kind>/<name>`, e.g. `sysctl/net.ipv4.ip_forward` or `network/<id>`. */
  object: z.string().min(1).max(256),
  ready: z.boolean(),
  message: z.string().max(2048).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const observedSandboxSchema = z.object({
  id: z.string(),
  status: containerStatusSchema,
  pid: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  restartCount: z.number().int().nonnegative(),
  /** Why it could not start, in words, e.g. `image "nginx" cannot run in the process runtime`. */
  error: z.string().max(2048).optional(),
  /** From the sandbox's health check; null when it has none. */
  health: healthStatusSchema.nullable().default(null),
});
export type ObservedSandbox = z.infer<typeof observedSandboxSchema>;

/** A repaired object with what was found wrong (`chain svc-abc had 0 of 1 rules`) and what was done. */
export const driftFindingSchema = z.object({
  object: z.string().max(256),
  found: z.string().max(2048),
  /** What was done, e.g. the rules restored: as long as what was found. */
  repaired: z.string().max(2048),
});
export type DriftFinding = z.infer<typeof driftFindingSchema>;

export const observedStateSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  /** The desired revision this report answers. */
  revision: z.number().int().nonnegative(),
  observedAt: z.iso.datetime(),
  conditions: z.array(conditionSchema).max(10_000),
  /** Objects found differing from what the agent last applied and put right again. */
  driftRepaired: z.array(z.string().max(256)).max(10_000),
  /** What some of `driftRepaired` were found to be, in words; absent when no step could say. */
  drift: z.array(driftFindingSchema).max(10_000).optional(),
  sandboxes: z.array(observedSandboxSchema).max(10_000).default([]),
  /** The images its container runtime holds; absent on a node without one. */
  images: z.array(observedImageSchema).max(10_000).optional(),
});
export type ObservedState = z.infer<typeof observedStateSchema>;
