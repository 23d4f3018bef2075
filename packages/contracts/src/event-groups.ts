import { z } from 'zod';
import { eventKindSchema, type EventKind } from './events.js';

/** Event kinds by what they are about: the part of the kind before its first dot. */
export const eventGroupSchema = z.enum([
  'node',
  'agent',
  'auth',
  'user',
  'token',
  'bundle',
  'network',
  'container',
  'service',
  'route',
  'diagnostics',
  'image',
  'process',
  'backup',
]);
export type EventGroup = z.infer<typeof eventGroupSchema>;

export function eventGroup(kind: EventKind): EventGroup {
  return eventGroupSchema.parse(kind.split('.')[0]);
}

export function kindsOfGroup(group: EventGroup): EventKind[] {
  return eventKindSchema.options.filter((kind) => eventGroup(kind) === group);
}

/**
 * Who caused an event: a person (a username, on the dashboard or the Engine API; `local-cli`; `docker-api:<user>` refused
 * by the Engine API; or an anonymous
 * client refused at the door), an agent (`node:<name>`, or `agent@<address>` before it was admitted),
 * or the control plane itself (`system`).
 */
export const actorClassSchema = z.enum(['user', 'agent', 'system']);
export type ActorClass = z.infer<typeof actorClassSchema>;

export const systemActor = 'system';
export const agentActorPrefixes = ['node:', 'agent@'] as const;

export function actorClass(actor: string): ActorClass {
  if (actor === systemActor) return 'system';
  return agentActorPrefixes.some((prefix) => actor.startsWith(prefix)) ? 'agent' : 'user';
}

/** The node an agent actor speaks for (`node:sy-host1` is sy-host1); null for other actors. */
export function actorNode(actor: string): string | null {
  return actor.startsWith('node:') ? actor.slice('node:'.length) : null;
}

/**
 * What the audit log lists: every change someone asked for (through the dashboard, the Docker Engine
 * API or the CLI), sign-ins and refusals. What agents report and what the system notices on its own
 * (a node going down, a container dying) is in the events timeline, not here.
 */
export const auditEventKinds: readonly EventKind[] = eventKindSchema.options.filter(
  (kind) =>
    eventGroup(kind) !== 'agent' &&
    eventGroup(kind) !== 'process' &&
    kind !== 'node.joined' &&
    kind !== 'node.reconnected' &&
    kind !== 'node.down' &&
    kind !== 'node.certificate.renewed' &&
    kind !== 'container.died',
);

export function isAuditKind(kind: EventKind): boolean {
  return auditEventKinds.includes(kind);
}
