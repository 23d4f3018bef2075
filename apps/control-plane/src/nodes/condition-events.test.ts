import { describe, expect, it } from 'vitest';
import { conditionChanges, conditionEvents, driftEvent } from './condition-events.js';

const name = (key: string) => (key === 'network/n1' ? 'network front (network/n1)' : key);

describe('conditionChanges', () => {
  it('sees an object go from ready to failing, and a new object that fails at once', () => {
    expect(
      conditionChanges(
        [{ object: 'network/n1', ready: true }],
        [
          { object: 'network/n1', ready: false, message: 'cannot create bridge' },
          { object: 'agent/dns', ready: false, message: 'port 53 taken' },
        ],
      ),
    ).toEqual([
      { change: 'failed', object: 'network/n1', message: 'cannot create bridge' },
      { change: 'failed', object: 'agent/dns', message: 'port 53 taken' },
    ]);
  });

  it('sees it recover, be removed while failing, or stop being named', () => {
    expect(
      conditionChanges(
        [
          { object: 'network/n1', ready: false, message: 'a' },
          { object: 'sandbox/s1', ready: false, message: 'b' },
          { object: 'agent/runtime', ready: false, message: 'c' },
        ],
        [{ object: 'network/n1', ready: true }],
      ),
    ).toEqual([
      { change: 'recovered', object: 'network/n1', previousMessage: 'a', gone: false },
      { change: 'recovered', object: 'sandbox/s1', previousMessage: 'b', gone: true },
      { change: 'recovered', object: 'agent/runtime', previousMessage: 'c', gone: false },
    ]);
  });

  it('is quiet when nothing turned: still ready, still failing (even for a new reason), new and ready', () => {
    expect(
      conditionChanges(
        [
          { object: 'network/n1', ready: true },
          { object: 'sandbox/s1', ready: false, message: 'old reason' },
        ],
        [
          { object: 'network/n1', ready: true },
          { object: 'sandbox/s1', ready: false, message: 'new reason' },
          { object: 'firewall/switchyard_nat', ready: true },
        ],
      ),
    ).toEqual([]);
  });
});

describe('conditionEvents', () => {
  it('tells each change as the node, naming the object and the reason', () => {
    const events = conditionEvents(
      'sy-host1',
      [
        { change: 'failed', object: 'network/n1', message: 'RTNETLINK answers: File exists' },
        {
          change: 'recovered',
          object: 'network/n1',
          previousMessage: 'RTNETLINK answers: File exists',
          gone: false,
        },
        { change: 'recovered', object: 'sandbox/s1', previousMessage: null, gone: true },
      ],
      name,
    );
    expect(events).toEqual([
      {
        kind: 'agent.condition.failed',
        severity: 'error',
        actor: 'node:sy-host1',
        subject: 'sy-host1',
        message: 'sy-host1: network front (network/n1) is failing: RTNETLINK answers: File exists',
      },
      {
        kind: 'agent.condition.recovered',
        severity: 'info',
        actor: 'node:sy-host1',
        subject: 'sy-host1',
        message:
          'sy-host1: network front (network/n1) is ready again (it was failing: RTNETLINK answers: File exists)',
      },
      {
        kind: 'agent.condition.recovered',
        severity: 'info',
        actor: 'node:sy-host1',
        subject: 'sy-host1',
        message: 'sy-host1: sandbox/s1 is no longer on this host',
      },
    ]);
  });
});

describe('driftEvent', () => {
  it('names every repaired object', () => {
    expect(driftEvent('sy-host2', ['network/n1', 'firewall/switchyard_nat'], name)).toEqual({
      kind: 'agent.drift.repaired',
      severity: 'warning',
      actor: 'node:sy-host2',
      subject: 'sy-host2',
      message: 'sy-host2 found drift and repaired it: network front (network/n1), firewall/switchyard_nat',
    });
  });

  it('says what was wrong with an object and what was done, where the agent said', () => {
    const found = driftEvent('sy-host2', ['loadbalancer/web.1', 'network/n1'], name, [
      { object: 'loadbalancer/web.1', found: 'chain svc-abc had 0 of 1 rule', repaired: 'restored' },
    ]);
    expect(found.message).toBe(
      'sy-host2 found drift and repaired it: loadbalancer/web.1: chain svc-abc had 0 of 1 rule: restored, ' +
        'network front (network/n1)',
    );
  });
});
