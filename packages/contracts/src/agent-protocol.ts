import { z } from 'zod';
import { capabilitySchema } from './capabilities.js';
import { hostNetworksSchema } from './host-networks.js';
import { ipv4Schema } from './net.js';
import { agentProtocolVersion } from './protocol-version.js';
import { routeCountersSchema } from './routes.js';
import type { DesiredState } from './desired-state.js';
import type { DiagnosticsRequest, DiagnosticsResponse } from './diagnostics.js';
import type { MetricsResponse } from './metrics.js';
import type {
  ExecInput,
  ExecKill,
  ExecResize,
  ExecStartRequest,
  ExecStartResponse,
  PullImageRequest,
  PullImageResponse,
  SignalRequest,
  SignalResponse,
  TopRequest,
  TopResponse,
} from './runtime-protocol.js';

export { agentProtocolVersion };

/**
 * The agent channel (socket.io namespace `/agent` on the control plane).
 *
 * The channel is TLS with the cluster CA pinned. A first join sends `auth: { token, csr, hello }`:
 * a join token and a request for the node's certificate, whose key never leaves the host. Every
 * later connection presents that certificate as a TLS client certificate and sends only
 * `{ hello }`. The control plane answers `welcome`, then pushes `desired` documents; the agent
 * sends `heartbeat`, `observed` and, at two thirds of its certificate's life, `renew`.
 * Every message is versioned by `protocolVersion` and parsed with these schemas on both sides.
 */
export const agentNamespace = '/agent';

/**
 * How the control plane words a refusal (the `connect_error` message): a join by token refused, or
 * a node certificate no longer admitted (the node was removed, or the certificate expired).
 */
export const joinRefusedPrefix = 'join refused:';
export const certificateRefusedPrefix = 'certificate refused:';

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
  /** Subnets of the host's own addresses and routes: IPAM keeps this node's local networks off them. */
  hostNetworks: hostNetworksSchema.default([]),
});
export type AgentHello = z.infer<typeof agentHelloSchema>;

/** A PEM certificate signing request; the control plane reads only its key. */
const csrSchema = z.string().min(1, 'is required').max(8_192, 'must be at most 8192 characters');

/** The handshake: a first join carries a token and a CSR; a node with its certificate sends neither. */
export const agentAuthSchema = z.object({
  token: z.string().min(1, 'is required').max(256).optional(),
  csr: csrSchema.optional(),
  hello: agentHelloSchema,
});
export type AgentAuth = z.infer<typeof agentAuthSchema>;

/** A node certificate the control plane issued: PEM, and when it stops being valid. */
export const nodeCertificateSchema = z.object({
  certPem: z.string().min(1),
  notAfter: z.iso.datetime(),
});
export type NodeCertificate = z.infer<typeof nodeCertificateSchema>;

/** Sent once a connection is admitted; a join by token carries the node's new certificate. */
export const agentWelcomeSchema = z.object({
  nodeId: z.string(),
  certificate: nodeCertificateSchema.optional(),
  heartbeatIntervalMs: z.number().int().positive(),
  resyncIntervalMs: z.number().int().positive(),
});
export type AgentWelcome = z.infer<typeof agentWelcomeSchema>;

/** The agent asks for a new certificate for a new key, on its live connection. */
export const renewRequestSchema = z.object({ csr: csrSchema });
export type RenewRequest = z.infer<typeof renewRequestSchema>;
export const renewResponseSchema = z.union([
  z.object({ ok: z.literal(true), certificate: nodeCertificateSchema }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type RenewResponse = z.infer<typeof renewResponseSchema>;

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
  /** Answered through the acknowledgement. */
  renew: (message: unknown, reply: (response: RenewResponse) => void) => void;
  /** An exec session's output and its end (`ExecOutput`, `ExecExit`). */
  execOutput: (message: unknown) => void;
  execExit: (message: unknown) => void;
}
export interface ControlPlaneToAgentEvents {
  welcome: (message: AgentWelcome) => void;
  desired: (message: DesiredState) => void;
  rejected: (message: AgentRejected) => void;
  /** The last lines of a container's output; answered through the acknowledgement. */
  logs: (request: ContainerLogsRequest, reply: (response: ContainerLogsResponse) => void) => void;
  /** Probes inside sandboxes and reads of kernel state; answered through the acknowledgement. */
  diagnose: (request: DiagnosticsRequest, reply: (response: DiagnosticsResponse) => void) => void;
  /** The container runtime's requests; answered through the acknowledgement. */
  pullImage: (request: PullImageRequest, reply: (response: PullImageResponse) => void) => void;
  top: (request: TopRequest, reply: (response: TopResponse) => void) => void;
  execStart: (request: ExecStartRequest, reply: (response: ExecStartResponse) => void) => void;
  execInput: (message: ExecInput) => void;
  execResize: (message: ExecResize) => void;
  execKill: (message: ExecKill) => void;
  signal: (request: SignalRequest, reply: (response: SignalResponse) => void) => void;
  /** The agent's Prometheus metrics as text, relayed for the control plane; answered through the acknowledgement. */
  metrics: (request: Record<string, never>, reply: (response: MetricsResponse) => void) => void;
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
