import { describe, expect, it } from 'vitest';
import { countRealisation, realisationPhase, realisationSummary } from './realisation-phase';

const entry = (nodeName: string, ready: boolean, message: string | null) => ({
  nodeId: `id-${nodeName}`,
  nodeName,
  ready,
  message,
});

describe('realisationPhase', () => {
  it('is ready when the agent says so', () => {
    expect(realisationPhase(entry('h1', true, null))).toBe('ready');
  });

  it('is pending until the agent reports, or while it reports no reason', () => {
    expect(realisationPhase(entry('h1', false, 'not yet reported by the agent'))).toBe('pending');
    expect(realisationPhase(entry('h1', false, null))).toBe('pending');
  });

  it('has failed when there is a reason', () => {
    expect(realisationPhase(entry('h1', false, 'node h1 is down'))).toBe('failed');
    expect(realisationPhase(entry('h1', false, 'RTNETLINK answers: File exists'))).toBe('failed');
  });
});

describe('realisationSummary', () => {
  it('says when every host has it', () => {
    const counts = countRealisation([entry('h1', true, null), entry('h2', true, null)]);
    expect(realisationSummary(counts)).toBe('ready on 2 hosts');
  });

  it('says what is left and what failed', () => {
    const counts = countRealisation([
      entry('h1', true, null),
      entry('h2', false, 'node h2 is down'),
      entry('h3', false, 'not yet reported by the agent'),
    ]);
    expect(counts).toEqual({ ready: 1, pending: 1, failed: 1, total: 3 });
    expect(realisationSummary(counts)).toBe('ready on 1 of 3 hosts, failed on 1, waiting for 1');
  });

  it('explains an overlay no host has yet', () => {
    expect(realisationSummary(countRealisation([]))).toMatch(/^no host has it yet/);
  });
});
