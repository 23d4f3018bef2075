import { describe, expect, it } from 'vitest';
import { parseSignal } from './signals.js';

describe('parseSignal', () => {
  it('reads names with or without SIG, in any case, and numbers', () => {
    expect(parseSignal('SIGKILL')).toBe('SIGKILL');
    expect(parseSignal('usr1')).toBe('SIGUSR1');
    expect(parseSignal('9')).toBe(9);
  });
  it('refuses what is no signal', () => {
    expect(parseSignal('SIGNOPE')).toBeNull();
    expect(parseSignal('99')).toBeNull();
  });
});
