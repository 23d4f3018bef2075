import { z } from 'zod';
import {
  cidrSchema,
  digestSchema,
  healthCheckSchema,
  ipamPoolSchema,
  ipv4Schema,
  networkDriverSchema,
  portBindingSchema,
  protocolSchema,
  restartPolicySchema,
} from '@switchyard/contracts';
import { readJsonColumn } from '../db/json-column.js';

const stringMap = z.record(z.string(), z.string());

/** Sandbox.spec: what the container was created with, besides its networks. */
export const sandboxSpecSchema = z.object({
  image: z.string(),
  command: z.array(z.string()),
  env: stringMap,
  labels: stringMap,
  restartPolicy: restartPolicySchema,
  ports: z.array(portBindingSchema),
  publishAll: z.boolean(),
  expose: z.array(z.object({ port: z.number().int(), protocol: protocolSchema })),
  dns: z.array(ipv4Schema),
  dnsSearch: z.array(z.string()),
  /** The task's health check, or the image's HEALTHCHECK; null: none. */
  healthCheck: healthCheckSchema.nullable().default(null),
  /** `--rm`: removed once it exits. */
  autoRemove: z.boolean().optional(),
  /** An OCI image's id, pinned when the container (or task) was created; null for built-in images. */
  imageId: digestSchema.nullable().default(null),
  entrypoint: z.array(z.string()).nullable().default(null),
  user: z.string().nullable().default(null),
  workingDir: z.string().nullable().default(null),
  stopSignal: z.string().nullable().default(null),
  stopTimeout: z.number().int().nullable().default(null),
});
export type SandboxSpec = z.output<typeof sandboxSpecSchema>;

const ipamColumn = z.array(ipamPoolSchema);
const aliasesColumn = z.array(z.string());
const hostNetworksColumn = z.array(cidrSchema);

export interface NetworkRow {
  id: string;
  name: string;
  driver: string;
  scope: string;
  nodeId: string | null;
  predefined: boolean;
  ipam: string;
  options: string;
  labels: string;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  vni: number | null;
  configOnly: boolean;
  configFrom: string | null;
  createdAt: Date;
}

/** A network row with its JSON columns read. */
export function readNetwork(row: NetworkRow) {
  return {
    ...row,
    driver: networkDriverSchema.parse(row.driver),
    scope: row.scope === 'swarm' ? ('swarm' as const) : ('local' as const),
    ipam: readJsonColumn(ipamColumn, row.ipam),
    options: readJsonColumn(stringMap, row.options),
    labels: readJsonColumn(stringMap, row.labels),
  };
}
export type Network = ReturnType<typeof readNetwork>;

export const readSpec = (text: string): SandboxSpec => readJsonColumn(sandboxSpecSchema, text);
export const readAliases = (text: string): string[] => readJsonColumn(aliasesColumn, text);
export const readHostNetworks = (text: string) => readJsonColumn(hostNetworksColumn, text);

/** Orders endpoints by their interface: eth0, eth1, ..., eth10; host and none endpoints last. */
export function interfaceIndex(name: string | null): number {
  return name === null ? Number.MAX_SAFE_INTEGER : Number(name.replace(/^eth/, ''));
}
