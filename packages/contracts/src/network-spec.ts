import { z } from 'zod';
import { bridgeOptions, workloadLabelsSchema } from './docker-options.js';
import { interfaceNameSchema } from './grammar.js';
import { cidrSchema, ipv4Schema } from './net.js';

export const networkDriverSchema = z.enum(['bridge', 'host', 'null', 'overlay', 'macvlan']);
export type NetworkDriver = z.infer<typeof networkDriverSchema>;

export const networkNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
    'must start with a letter or digit, then letters, digits, "_", "." or "-"',
  );

/** One IPAM pool of a network, as `docker network create --subnet --ip-range --gateway --aux-address` give it. */
export const ipamPoolInputSchema = z.object({
  subnet: cidrSchema,
  ipRange: cidrSchema.optional(),
  gateway: ipv4Schema.optional(),
  /** name -> address, reserved and never handed out. */
  auxAddresses: z.record(z.string().min(1), ipv4Schema).default({}),
});
export type IpamPoolInput = z.infer<typeof ipamPoolInputSchema>;

/** Driver options naming a Linux interface: the bridge's own name, and a macvlan's parent. */
export const interfaceNameOptions = [bridgeOptions.name, 'parent'] as const;

/** Driver options; those naming an interface must be one (they become kernel names on every node). */
export const networkOptionsSchema = z.record(z.string(), z.string()).superRefine((options, ctx) => {
  for (const key of interfaceNameOptions) {
    const value = options[key];
    if (value === undefined) continue;
    const parsed = interfaceNameSchema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]?.message ?? 'is invalid' });
    }
  }
});

/** What `network.create` takes, from the dashboard, tRPC or the Docker Engine API alike. */
export const networkCreateSchema = z.object({
  name: networkNameSchema,
  driver: z.string().trim().default('bridge'),
  /** Empty: one subnet from the default pool. */
  ipam: z.array(ipamPoolInputSchema).default([]),
  internal: z.boolean().default(false),
  attachable: z.boolean().default(false),
  options: networkOptionsSchema.default({}),
  labels: workloadLabelsSchema.default({}),
});
export type NetworkCreateInput = z.input<typeof networkCreateSchema>;
export type NetworkCreate = z.output<typeof networkCreateSchema>;

/** A stored IPAM pool, with the gateway the allocator settled on. */
export const ipamPoolSchema = z.object({
  subnet: cidrSchema,
  ipRange: cidrSchema.optional(),
  gateway: ipv4Schema,
  auxAddresses: z.record(z.string(), ipv4Schema),
});
export type IpamPool = z.infer<typeof ipamPoolSchema>;
