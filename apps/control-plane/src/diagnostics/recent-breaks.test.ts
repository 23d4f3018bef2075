import type { PathCheckResult, PathStep } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { RecentBreaks } from './recent-breaks.js';

const web2 = { kind: 'task', id: 'sb-web2', name: 'web.2' } as const;
const host1 = { kind: 'node', id: 'node-1', name: 'sy-host1' } as const;

function step(id: string, status: PathStep['status'], subject?: PathStep['subject']): PathStep {
  return { id, title: id, status, message: `${id} is ${status}`, detail: null, ...(subject && { subject }) };
}

function result(from: string, to: string, steps: PathStep[]): PathCheckResult {
  const broken = steps.find((candidate) => candidate.status === 'broken');
  return { from, to, ok: broken === undefined, brokenAt: broken?.id ?? null, steps, durationMs: 1 };
}

/** A memory on a clock the test moves. */
function memory(max = 50) {
  let now = Date.parse('2026-12-08T01:00:00Z');
  const breaks = new RecentBreaks(() => now, { max, ttlMs: 10 * 60_000 });
  return { breaks, advance: (ms: number) => (now += ms) };
}

describe('RecentBreaks', () => {
  it('keeps the broken steps that name an object, with the check’s path and time', () => {
    const { breaks } = memory();
    breaks.record(
      result('tool', 'web:80', [
        step('source', 'ok', host1),
        step('backend:web.2', 'broken', web2),
        step('connect:vip', 'broken'),
      ]),
    );
    expect(breaks.list()).toEqual([
      {
        path: 'tool → web:80',
        checkedAt: '2026-12-08T01:00:00.000Z',
        title: 'backend:web.2',
        message: 'backend:web.2 is broken',
        subject: web2,
      },
    ]);
  });

  it('forgets a break once a later check of the same path passes, not one of another path', () => {
    const { breaks } = memory();
    breaks.record(result('tool', 'web', [step('backend:web.2', 'broken', web2)]));
    breaks.record(result('api', 'web', [step('backend:web.2', 'broken', web2)]));
    breaks.record(result('tool', 'web', [step('backend:web.2', 'ok', web2)]));
    expect(breaks.list().map((known) => known.path)).toEqual(['api → web']);
  });

  it('forgets breaks after ten minutes', () => {
    const { breaks, advance } = memory();
    breaks.record(result('tool', 'web', [step('backend:web.2', 'broken', web2)]));
    advance(9 * 60_000);
    expect(breaks.list()).toHaveLength(1);
    advance(60_001);
    expect(breaks.list()).toEqual([]);
  });

  it('keeps only the newest when there are more than it may hold', () => {
    const { breaks, advance } = memory(2);
    for (const from of ['a', 'b', 'c']) {
      breaks.record(result(from, 'web', [step('backend:web.2', 'broken', web2)]));
      advance(1000);
    }
    expect(breaks.list().map((known) => known.path)).toEqual(['b → web', 'c → web']);
  });
});
