import { z } from 'zod';
import { httpPathSchema, pathTargetSchema, probeSpecSchema } from '../diagnostics.js';
import { portNumberSchema, protocolSchema } from '../ports.js';
import { routeHostnameSchema } from '../routes.js';

const required = z.string().trim().min(1, 'is required').max(256);

export const probeInputSchema = z.object({ sandbox: required, probe: probeSpecSchema });

export const pathCheckInputSchema = z.object({ from: required, to: pathTargetSchema });

export const hostViewInputSchema = z.object({
  node: required,
  subject: z.object({ kind: z.enum(['network', 'service']), name: required }),
});

/**
 * A path check to a target outside the container/service picker: a port published on a host, from
 * outside the cluster, or a hostname of the HTTP routing mesh (on one host's proxy, or the first).
 */
export const targetCheckInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('published'),
    node: required,
    port: portNumberSchema,
    protocol: protocolSchema.default('tcp'),
  }),
  z.object({
    kind: z.literal('route'),
    hostname: routeHostnameSchema,
    path: httpPathSchema.default('/'),
    node: required.optional(),
  }),
]);
export type TargetCheckInput = z.input<typeof targetCheckInputSchema>;
export type TargetCheck = z.output<typeof targetCheckInputSchema>;
