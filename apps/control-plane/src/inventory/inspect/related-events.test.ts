import { describe, expect, it } from 'vitest';
import { tiesWhere } from './related-events.js';

describe('tiesWhere', () => {
  it('ties by subject within the object’s own kinds, by mention and by actor', () => {
    expect(
      tiesWhere({
        subjects: { groups: ['route'], names: ['web'] },
        mentions: ['sandbox/ab'],
        actors: ['node:sy-host1'],
      }),
    ).toEqual({
      OR: [
        { subject: { in: ['web'] }, kind: { in: ['route.created', 'route.updated', 'route.removed'] } },
        { message: { contains: 'sandbox/ab' } },
        { actor: { in: ['node:sy-host1'] } },
      ],
    });
  });

  it('matches nothing when nothing ties', () => {
    expect(tiesWhere({ subjects: { groups: ['node'], names: [] } })).toEqual({ id: { in: [] } });
  });
});
