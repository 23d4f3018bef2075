import { agentProtocolVersion, observedStateSchema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { clip, driftedCondition, repaired, type PassResult } from './conditions.js';

describe('repaired', () => {
  it('keeps what a report says about an object within what the control plane accepts', () => {
    const result: PassResult = { conditions: [], driftRepaired: [] };
    const rules = Array.from({ length: 200 }, (_, i) => `\`dnat to 10.0.${i}.5\``).join(', ');
    repaired(result, 'ingress/n1', `chain pub-tcp-80 had 0 of 1 rule`, `restored ${rules}`);
    const report = {
      protocolVersion: agentProtocolVersion,
      revision: 1,
      observedAt: new Date(0).toISOString(),
      conditions: [driftedCondition({ object: 'ingress/n1', found: rules })],
      driftRepaired: result.driftRepaired,
      drift: result.drift,
    };
    expect(observedStateSchema.safeParse(report).success).toBe(true);
    expect(result.drift?.[0]?.repaired).toHaveLength(2048);
    expect(result.drift?.[0]?.repaired.endsWith('…')).toBe(true);
  });

  it('leaves short words alone', () => {
    expect(clip('chain svc-a had 0 of 1 rule')).toBe('chain svc-a had 0 of 1 rule');
  });
});
