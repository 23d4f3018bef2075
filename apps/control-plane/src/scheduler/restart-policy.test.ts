import { describe, expect, it } from 'vitest';
import { finishedSlots, type EndedTask } from './restart-policy.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 0, minute));
const ended = (slotKey: string, state: EndedTask['state'], minute: number, attempt = 0): EndedTask => ({
  slotKey,
  state,
  createdAt: at(minute),
  attempt,
});

describe('finishedSlots', () => {
  const history = [ended('slot:1', 'complete', 1), ended('slot:2', 'failed', 1)];

  it('refills nothing with condition none, every slot with any', () => {
    expect(finishedSlots({ name: 'no', maximumRetryCount: 0 }, history)).toEqual(
      new Set(['slot:1', 'slot:2']),
    );
    expect(finishedSlots({ name: 'always', maximumRetryCount: 0 }, history)).toEqual(new Set());
  });

  it('refills a failed slot but not a finished one with on-failure', () => {
    expect(finishedSlots({ name: 'on-failure', maximumRetryCount: 0 }, history)).toEqual(new Set(['slot:1']));
  });

  it('gives a slot up once its tasks ended more often than the maximum', () => {
    const crashing = [
      ended('slot:1', 'failed', 1),
      ended('slot:1', 'failed', 2),
      ended('slot:1', 'failed', 3),
    ];
    expect(finishedSlots({ name: 'on-failure', maximumRetryCount: 3 }, crashing)).toEqual(new Set());
    expect(finishedSlots({ name: 'on-failure', maximumRetryCount: 2 }, crashing)).toEqual(
      new Set(['slot:1']),
    );
  });

  it('counts attempts beyond the kept history', () => {
    // Five tasks kept of seven that failed: the newest is attempt 6.
    const kept = [2, 3, 4, 5, 6].map((attempt) => ended('slot:1', 'failed', attempt, attempt));
    expect(finishedSlots({ name: 'on-failure', maximumRetryCount: 7 }, kept)).toEqual(new Set());
    expect(finishedSlots({ name: 'on-failure', maximumRetryCount: 6 }, kept)).toEqual(new Set(['slot:1']));
  });
});
