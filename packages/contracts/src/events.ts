import { z } from 'zod';

/** Every kind of event the control plane records; the dashboard's timeline filters by these. */
export const eventKindSchema = z.enum([
  'node.joined',
  'node.reconnected',
  'node.down',
  'node.removed',
  'node.certificate.renewed',
  'agent.refused',
  'agent.message.rejected',
  'agent.drift.repaired',
  'agent.condition.failed',
  'agent.condition.recovered',
  'auth.login',
  'auth.login.failed',
  'auth.logout',
  'auth.logout.everywhere',
  'auth.denied',
  'user.created',
  'user.removed',
  'user.role.changed',
  'user.password.changed',
  'user.password.reset',
  'token.created',
  'token.revoked',
  'token.rotated',
  'bundle.created',
  'bundle.revoked',
  'network.created',
  'network.removed',
  'network.connected',
  'network.disconnected',
  'container.created',
  'container.started',
  'container.stopped',
  'container.removed',
  'container.renamed',
  'container.died',
  'container.exec',
  'container.killed',
  'service.created',
  'service.updated',
  'service.removed',
  'node.updated',
  'route.created',
  'route.updated',
  'route.removed',
  'diagnostics.run',
  'image.loaded',
  'image.pulled',
  'image.tagged',
  'image.removed',
  'process.restarted',
  'backup.snapshot',
]);
export type EventKind = z.infer<typeof eventKindSchema>;

export const severitySchema = z.enum(['info', 'warning', 'error']);
export type Severity = z.infer<typeof severitySchema>;

export const eventSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: eventKindSchema,
  severity: severitySchema,
  /** Who caused it: a username, `node:<name>`, or `system`. */
  actor: z.string(),
  subject: z.string().nullable(),
  message: z.string(),
});
export type SwitchyardEvent = z.infer<typeof eventSchema>;
