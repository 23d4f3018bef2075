import { z } from 'zod';
import { capabilitySchema } from './capabilities.js';
import { ipv4Schema } from './net.js';

/**
 * The agent channel (socket.io namespace `/agent` on the control plane).
 *
 * The agent connects with `auth: { token, hello }`; `token` is either a join token issued by the
 * control plane or the node credential it was given when it first joined. The control plane answers
 * `welcome`, then pushes `desired` documents; the agent sends `heartbeat` and `observed`.
 * Every message is versioned by `protocolVersion` and parsed with these schemas on both sides.
 */
export const agentProtocolVersion = 1;
export const agentNamespace = '/agent';

export const nodeNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'must be lower-case letters, digits and dashes, starting and ending with a letter or digit',
  );

export const agentHelloSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  name: nodeNameSchema,
  underlayAddress: ipv4Schema,
  capabilities: z.array(capabilitySchema),
  agentVersion: z.string().min(1).max(64),
  kernelVersion: z.string().min(1).max(128),
});
export type AgentHello = z.infer<typeof agentHelloSchema>;

export const agentAuthSchema = z.object({
  token: z.string().min(1, 'is required').max(256),
  hello: agentHelloSchema,
});
export type AgentAuth = z.infer<typeof agentAuthSchema>;

/** Sent once a join succeeds; the credential replaces the join token on later reconnects. */
export const agentWelcomeSchema = z.object({
  nodeId: z.string(),
  credential: z.string().optional(),
  heartbeatIntervalMs: z.number().int().positive(),
  resyncIntervalMs: z.number().int().positive(),
});
export type AgentWelcome = z.infer<typeof agentWelcomeSchema>;

const sysctlNameSchema = z
  .string()
  .regex(/^[a-z0-9_.-]+$/, 'must be a sysctl key such as net.ipv4.ip_forward');

/**
 * What one node must have. The compiler makes one per node from the whole desired state; the
 * revision rises whenever the document changes, so an agent can tell a stale push from a new one.
 */
export const desiredStateSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  revision: z.number().int().nonnegative(),
  nodeId: z.string(),
  sysctls: z.record(sysctlNameSchema, z.string()),
});
export type DesiredState = z.infer<typeof desiredStateSchema>;

export const conditionSchema = z.object({
  /** Which object, as `<kind>/<name>`, e.g. `sysctl/net.ipv4.ip_forward`. */
  object: z.string().min(1).max(256),
  ready: z.boolean(),
  message: z.string().max(2048).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const observedStateSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  /** The desired revision this report answers. */
  revision: z.number().int().nonnegative(),
  observedAt: z.iso.datetime(),
  conditions: z.array(conditionSchema).max(10_000),
  /** Objects found differing from what the agent last applied and put right again. */
  driftRepaired: z.array(z.string().max(256)).max(10_000),
});
export type ObservedState = z.infer<typeof observedStateSchema>;

export const heartbeatSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  sentAt: z.iso.datetime(),
  rssBytes: z.number().int().nonnegative(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Events on the agent channel, by direction. */
export interface AgentToControlPlaneEvents {
  heartbeat: (message: unknown) => void;
  observed: (message: unknown) => void;
}
export interface ControlPlaneToAgentEvents {
  welcome: (message: AgentWelcome) => void;
  desired: (message: DesiredState) => void;
  rejected: (message: { reason: string }) => void;
}
