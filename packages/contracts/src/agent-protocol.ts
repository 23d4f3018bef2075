import { z } from 'zod';
import { capabilitySchema } from './capabilities.js';
import { cidrSchema, ipv4Schema } from './net.js';
import { agentProtocolVersion } from './protocol-version.js';
import { routeCountersSchema } from './routes.js';
import type { DesiredState } from './desired-state.js';
import type { DiagnosticsRequest, DiagnosticsResponse } from './diagnostics.js';

export { agentProtocolVersion };

/**
 * The agent channel (socket.io namespace `/agent` on the control plane).
 *
 * The agent connects with `auth: { token, hello }`; `token` is either a join token issued by the
 * control plane or the node credential it was given when it first joined. The control plane answers
 * `welcome`, then pushes `desired` documents; the agent sends `heartbeat` and `observed`.
 * Every message is versioned by `protocolVersion` and parsed with these schemas on both sides.
 */
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
  /** Subnets of the host's own addresses and routes: IPAM keeps networks off them. */
  hostNetworks: z.array(cidrSchema).max(1_000).default([]),
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

export const heartbeatSchema = z.object({
  protocolVersion: z.literal(agentProtocolVersion),
  sentAt: z.iso.datetime(),
  rssBytes: z.number().int().nonnegative(),
  /** The routing mesh proxy's counters per route on this host, when it runs. */
  routes: z.array(routeCountersSchema).max(10_000).optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Sent when the control plane ignored a message from the agent, saying why. */
export const agentRejectedSchema = z.object({ reason: z.string() });
export type AgentRejected = z.infer<typeof agentRejectedSchema>;

/** Events on the agent channel, by direction. */
export interface AgentToControlPlaneEvents {
  heartbeat: (message: unknown) => void;
  observed: (message: unknown) => void;
}
export interface ControlPlaneToAgentEvents {
  welcome: (message: AgentWelcome) => void;
  desired: (message: DesiredState) => void;
  rejected: (message: AgentRejected) => void;
  /** The last lines of a container's output; answered through the acknowledgement. */
  logs: (request: ContainerLogsRequest, reply: (response: ContainerLogsResponse) => void) => void;
  /** Probes inside sandboxes and reads of kernel state; answered through the acknowledgement. */
  diagnose: (request: DiagnosticsRequest, reply: (response: DiagnosticsResponse) => void) => void;
}

export const containerLogsRequestSchema = z.object({
  sandboxId: z.string(),
  /** Lines from the end; null for everything kept. */
  tail: z.number().int().positive().nullable(),
});
export type ContainerLogsRequest = z.infer<typeof containerLogsRequestSchema>;
export const containerLogsResponseSchema = z.union([
  z.object({
    ok: z.literal(true),
    lines: z.array(z.object({ stream: z.enum(['stdout', 'stderr']), at: z.string(), text: z.string() })),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ContainerLogsResponse = z.infer<typeof containerLogsResponseSchema>;
