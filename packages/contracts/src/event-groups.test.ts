import { describe, expect, it } from 'vitest';
import {
  actorClass,
  actorNode,
  auditEventKinds,
  eventGroup,
  isAuditKind,
  kindsOfGroup,
} from './event-groups.js';
import { eventKindSchema } from './events.js';

describe('event groups', () => {
  it('puts every kind in the group its prefix names', () => {
    for (const kind of eventKindSchema.options) expect(kind.startsWith(`${eventGroup(kind)}.`)).toBe(true);
    expect(kindsOfGroup('route')).toEqual(['route.created', 'route.updated', 'route.removed']);
  });
});

describe('actorClass', () => {
  it.each([
    ['admin', 'user'],
    ['local-cli', 'user'],
    ['docker-api@127.0.0.1', 'user'],
    ['docker-api:vera', 'user'],
    ['anonymous@10.0.0.9', 'user'],
    ['node:sy-host1', 'agent'],
    ['agent@192.168.99.12', 'agent'],
    ['system', 'system'],
  ] as const)('%s is a %s', (actor, expected) => {
    expect(actorClass(actor)).toBe(expected);
  });

  it('names the node behind an agent actor', () => {
    expect(actorNode('node:sy-host2')).toBe('sy-host2');
    expect(actorNode('admin')).toBeNull();
  });
});

describe('audit kinds', () => {
  it('lists what people do and leaves out what agents and the system report', () => {
    for (const kind of [
      'network.created',
      'container.stopped',
      'service.updated',
      'route.removed',
      'node.updated',
      'node.removed',
      'user.created',
      'token.revoked',
      'auth.login',
      'auth.logout',
      'diagnostics.run',
    ] as const)
      expect(isAuditKind(kind)).toBe(true);
    for (const kind of [
      'agent.drift.repaired',
      'agent.condition.failed',
      'node.down',
      'container.died',
    ] as const)
      expect(isAuditKind(kind)).toBe(false);
    expect(new Set(auditEventKinds).size).toBe(auditEventKinds.length);
  });
});
