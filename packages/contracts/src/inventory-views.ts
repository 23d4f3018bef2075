import { z } from 'zod';
import { containerStatusSchema, restartPolicySchema } from './container-spec.js';
import { ipamPoolSchema, networkDriverSchema } from './network-spec.js';
import { protocolSchema } from './ports.js';

/** Whether a network or container is realised on a node, or why not (from the agent's conditions). */
export const realisationSchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  ready: z.boolean(),
  message: z.string().nullable(),
});

export const networkContainerViewSchema = z.object({
  containerId: z.string(),
  containerName: z.string(),
  endpointId: z.string(),
  nodeName: z.string(),
  mac: z.string(),
  /** CIDR form, as `docker network inspect` shows it: 172.18.0.2/16. */
  ipv4Address: z.string(),
  aliases: z.array(z.string()),
});

/** A network as the dashboard, tRPC and the Docker Engine API show it. */
export const networkViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: networkDriverSchema,
  scope: z.enum(['local', 'swarm']),
  /** The node a local network lives on; null for the predefined networks, present on every node. */
  nodeId: z.string().nullable(),
  nodeName: z.string().nullable(),
  ipam: z.array(ipamPoolSchema),
  internal: z.boolean(),
  attachable: z.boolean(),
  /** The routing mesh's overlay (`--ingress`); at most one exists. Absent means false. */
  ingress: z.boolean().optional(),
  /** Predefined by the system (`bridge`, `host`, `none`): cannot be removed. */
  predefined: z.boolean(),
  options: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  /** The VXLAN id of an overlay network; null for other drivers. */
  vni: z.number().int().nullable(),
  /** `--config-only`: settings for `--config-from`, never realised on any node. */
  configOnly: z.boolean(),
  /** `--config-from`: the config-only network this one took its settings from. */
  configFrom: z.string().nullable(),
  /** The nodes a swarm network lives on now (those with an endpoint on it), with their underlay address. */
  peers: z.array(z.object({ nodeId: z.string(), nodeName: z.string(), address: z.string() })),
  createdAt: z.string(),
  containers: z.array(networkContainerViewSchema),
  realisation: z.array(realisationSchema),
});
export type NetworkView = z.infer<typeof networkViewSchema>;

export const containerEndpointViewSchema = z.object({
  networkId: z.string(),
  networkName: z.string(),
  endpointId: z.string(),
  aliases: z.array(z.string()),
  ipv4Address: z.string().nullable(),
  prefixLength: z.number().int().nullable(),
  gateway: z.string().nullable(),
  mac: z.string().nullable(),
});

export const publishedPortViewSchema = z.object({
  hostIp: z.string(),
  hostPort: z.number().int(),
  containerPort: z.number().int(),
  protocol: protocolSchema,
});

/** A container (standalone sandbox) as the dashboard, tRPC and the Docker Engine API show it. */
export const containerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  /** The OCI image's id it was created from (`sha256:…`); null for a built-in image. */
  imageId: z.string().nullable().default(null),
  command: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  hostname: z.string(),
  createdAt: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  /** The sandbox's network namespace on its node; null in host mode. */
  netns: z.string().nullable(),
  networkMode: z.string(),
  /** What the operator asked for: running or not. */
  desiredRunning: z.boolean(),
  status: containerStatusSchema,
  pid: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  restartCount: z.number().int(),
  restartPolicy: restartPolicySchema,
  /** `--rm`: removed once it exits. */
  autoRemove: z.boolean().optional(),
  error: z.string().nullable(),
  ports: z.array(publishedPortViewSchema),
  exposedPorts: z.array(z.object({ port: z.number().int(), protocol: protocolSchema })),
  dns: z.array(z.string()),
  dnsSearch: z.array(z.string()),
  networks: z.array(containerEndpointViewSchema),
});
export type ContainerView = z.infer<typeof containerViewSchema>;
