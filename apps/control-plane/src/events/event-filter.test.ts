import { eventFilterSchema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { eventWhere } from './event-filter.js';

const where = (input: unknown) => eventWhere(eventFilterSchema.parse(input));

describe('eventWhere', () => {
  it('asks for everything when nothing narrows it', () => {
    expect(where({})).toEqual({});
  });

  it('keeps only kinds in every given set: kinds, groups and the audit log', () => {
    expect(where({ groups: ['route'] })).toEqual({
      AND: [{ kind: { in: ['route.created', 'route.updated', 'route.removed'] } }],
    });
    expect(where({ groups: ['node'], audit: true })).toEqual({
      AND: [{ kind: { in: ['node.removed', 'node.updated'] } }],
    });
    expect(where({ kinds: ['node.down'], groups: ['network'] })).toEqual({ AND: [{ kind: { in: [] } }] });
  });

  it('tells users, agents and the system apart by their actor', () => {
    expect(where({ actorClasses: ['agent', 'system'] })).toEqual({
      AND: [
        {
          OR: [
            { OR: [{ actor: { startsWith: 'node:' } }, { actor: { startsWith: 'agent@' } }] },
            { actor: 'system' },
          ],
        },
      ],
    });
    expect(where({ actorClasses: ['user'] })).toEqual({
      AND: [
        {
          OR: [
            {
              NOT: [
                { actor: 'system' },
                { actor: { startsWith: 'node:' } },
                { actor: { startsWith: 'agent@' } },
              ],
            },
          ],
        },
      ],
    });
  });

  it('searches message, subject, actor and kind, and matches agent object keys in messages', () => {
    expect(where({ search: 'front', objects: ['network/ab'] })).toEqual({
      AND: [
        {
          OR: [
            { message: { contains: 'front' } },
            { subject: { contains: 'front' } },
            { actor: { contains: 'front' } },
            { kind: { contains: 'front' } },
          ],
        },
        { OR: [{ message: { contains: 'network/ab' } }] },
      ],
    });
  });

  it('bounds time, and pages back from an event', () => {
    expect(
      where({
        since: '2026-01-01T00:00:00Z',
        until: '2026-01-02T00:00:00Z',
        before: { at: '2026-01-01T12:00:00.000Z', id: 'ev9' },
      }),
    ).toEqual({
      AND: [
        { at: { gte: new Date('2026-01-01T00:00:00Z') } },
        { at: { lte: new Date('2026-01-02T00:00:00Z') } },
        {
          OR: [
            { at: { lt: new Date('2026-01-01T12:00:00.000Z') } },
            { at: new Date('2026-01-01T12:00:00.000Z'), id: { lt: 'ev9' } },
          ],
        },
      ],
    });
  });
});

describe('eventFilterSchema', () => {
  it('refuses a range that ends before it starts, naming the field', () => {
    const parsed = eventFilterSchema.safeParse({
      since: '2026-01-02T00:00:00Z',
      until: '2026-01-01T00:00:00Z',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['until'], message: 'must not be before since' });
  });

  it('refuses an unknown kind group', () => {
    expect(eventFilterSchema.safeParse({ groups: ['gremlins'] }).success).toBe(false);
  });
});
