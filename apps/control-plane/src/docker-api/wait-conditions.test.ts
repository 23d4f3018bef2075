import type { ContainerView } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { attachOver } from './attach.js';
import { waitOver } from './container-handlers.js';

const view = (status: ContainerView['status'], finishedAt: string | null = null) =>
  ({ status, finishedAt }) as ContainerView;

describe('docker wait conditions', () => {
  it('not-running: holds at once for a stopped container, and once a running one stops', () => {
    expect(waitOver('not-running', view('exited'), view('exited'))).toBe(true);
    expect(waitOver('not-running', view('running'), view('running'))).toBe(false);
    expect(waitOver('not-running', view('running'), view('restarting'))).toBe(false);
    expect(waitOver('not-running', view('running'), view('exited', 't1'))).toBe(true);
  });

  it('next-exit: waits for an exit after the wait began (a created container first starts)', () => {
    expect(waitOver('next-exit', view('created'), view('created'))).toBe(false);
    expect(waitOver('next-exit', view('exited', 't0'), view('exited', 't0'))).toBe(false);
    expect(waitOver('next-exit', view('exited', 't0'), view('exited', 't1'))).toBe(true);
    expect(waitOver('next-exit', view('running'), view('exited', 't1'))).toBe(true);
  });

  it('removed: only the removal ends it; every condition ends when the container is gone', () => {
    expect(waitOver('removed', view('running'), view('exited', 't1'))).toBe(false);
    for (const condition of ['removed', 'next-exit', 'not-running']) {
      expect(waitOver(condition, view('running'), null)).toBe(true);
    }
  });
});

describe('an attached stream', () => {
  it('ends once the container ran and stopped since it attached, or is gone', () => {
    expect(attachOver(view('created'), view('created'), false)).toBe(false);
    expect(attachOver(view('created'), view('running'), true)).toBe(false);
    expect(attachOver(view('created'), view('exited', 't1'), true)).toBe(true);
    // A run too short to be seen running still ends it, by its new finish time.
    expect(attachOver(view('created'), view('exited', 't1'), false)).toBe(true);
    expect(attachOver(view('exited', 't0'), view('exited', 't0'), false)).toBe(false);
    expect(attachOver(view('running'), null, true)).toBe(true);
  });
});
