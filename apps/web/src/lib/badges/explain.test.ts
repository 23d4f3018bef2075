import { allCapabilities } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { capabilityTitle, taskStateTitle } from './explain';

describe('badge explanations', () => {
  it('say what a struck-through capability chip means, for every capability', () => {
    for (const capability of allCapabilities) {
      const absent = capabilityTitle(capability, false);
      expect(absent).toContain('Struck through: not detected on this host');
      expect(capabilityTitle(capability, true)).toContain('Detected on this host');
    }
    console.log(capabilityTitle('ipsec', false));
    expect(capabilityTitle('ipsec', false)).toMatch(/^ipsec: encrypted overlays/);
  });

  it('name an unknown task state rather than saying nothing', () => {
    expect(taskStateTitle('running')).toBe('Running on its host');
    expect(taskStateTitle('orphaned')).toBe('Task state orphaned');
  });
});
