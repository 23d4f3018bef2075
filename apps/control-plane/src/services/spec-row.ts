import {
  healthStatusSchema,
  serviceSpecSchema,
  type HealthStatus,
  type ServiceSpec,
} from '@switchyard/contracts';
import { z } from 'zod';
import { readJsonColumn } from '../db/json-column.js';
import { builtinExposedPorts } from '../images/builtin.js';

/** Service.spec: the parsed spec, with network references settled to network ids. */
export const readServiceSpec = (text: string): ServiceSpec => readJsonColumn(serviceSpecSchema, text);

export const updateStatusSchema = z.object({
  state: z.enum(['updating', 'completed', 'paused', 'rollback_started', 'rollback_completed']),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  message: z.string(),
  done: z.number().int(),
  total: z.number().int(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const readUpdateStatus = (text: string | null): UpdateStatus | null =>
  text === null ? null : readJsonColumn(updateStatusSchema, text);

export const readHealth = (text: string | null): HealthStatus | null => {
  const parsed = healthStatusSchema.safeParse(text);
  return parsed.success ? parsed.data : null;
};

/** Whether the service publishes through the routing mesh (and so sits on the ingress network). */
export const usesIngress = (spec: ServiceSpec): boolean =>
  spec.ports.some((port) => port.publishMode === 'ingress');

/**
 * The ports its tasks listen on: published targets and the image's exposed ports (a built-in
 * image's, or an OCI image's EXPOSE as `imageExposed` gives them), once each.
 */
export function taskPorts(
  spec: ServiceSpec,
  imageExposed: readonly { protocol: 'tcp' | 'udp'; port: number }[] = builtinExposedPorts(spec.image),
): { protocol: 'tcp' | 'udp'; port: number }[] {
  const all = [
    ...spec.ports.map((port) => ({ protocol: port.protocol, port: port.targetPort })),
    ...imageExposed,
  ];
  const unique = new Map(all.map((port) => [`${port.port}/${port.protocol}`, port]));
  return [...unique.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}
