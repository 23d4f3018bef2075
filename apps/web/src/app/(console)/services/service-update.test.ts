import { describe, expect, it } from 'vitest';
import { rolloutLine, specServerField } from './service-update';

describe('specServerField', () => {
  it('drops the spec. prefix of input errors and keeps the rest', () => {
    expect(specServerField('spec.image')).toBe('image');
    expect(specServerField('spec.healthCheck.port')).toBe('healthCheck.port');
    expect(specServerField('replicas')).toBe('replicas');
    expect(specServerField('service')).toBe('service');
    expect(specServerField(null)).toBeNull();
  });
});

const status = (state: 'updating' | 'completed' | 'paused', done: number, total: number) => ({
  state,
  startedAt: '2025-01-01T00:00:00.000Z',
  completedAt: null,
  message: state === 'paused' ? 'task web.2 failed' : 'update in progress',
  done,
  total,
});

describe('rolloutLine', () => {
  it('is empty before any update', () => {
    expect(rolloutLine({ updateStatus: null })).toBe('');
  });

  it('counts tasks while rolling and when done', () => {
    expect(rolloutLine({ updateStatus: status('updating', 1, 3) })).toBe(
      'Rolling update: 1 of 3 tasks at the new version, one at a time',
    );
    expect(rolloutLine({ updateStatus: status('completed', 1, 1) })).toBe(
      'Last update completed: 1 of 1 task at the new version',
    );
  });

  it('gives the reason a rollout stopped', () => {
    expect(rolloutLine({ updateStatus: status('paused', 1, 3) })).toBe(
      'Update paused at 1 of 3 tasks: task web.2 failed',
    );
  });
});
