import { describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '@switchyard/contracts';
import {
  defaultFilter,
  filterFromParams,
  filterToParams,
  matchesInput,
  toEventsInput,
  type TimelineFilter,
} from './timeline-filter';

const now = Date.parse('2026-11-28T12:00:00Z');
const event = (over: Partial<SwitchyardEvent> = {}): SwitchyardEvent => ({
  id: 'e1',
  at: '2026-11-28T11:59:00.000Z',
  kind: 'network.created',
  severity: 'info',
  actor: 'admin',
  subject: 'front',
  message: 'admin created network front (bridge on sy-host1)',
  ...over,
});

describe('toEventsInput', () => {
  it('asks for everything by default', () => {
    expect(toEventsInput(defaultFilter, 200, now)).toEqual({ limit: 200 });
  });

  it('turns each choice into its part of the query', () => {
    const filter: TimelineFilter = {
      kind: 'group:agent',
      severity: 'problems',
      actor: 'class:agent',
      subject: ' sy-host1 ',
      search: 'drift',
      range: '1h',
      from: '',
      to: '',
    };
    expect(toEventsInput(filter, 50, now)).toEqual({
      limit: 50,
      groups: ['agent'],
      severities: ['warning', 'error'],
      actorClasses: ['agent'],
      subjectContains: 'sy-host1',
      search: 'drift',
      since: '2026-11-28T11:00:00.000Z',
    });
    expect(toEventsInput({ ...defaultFilter, kind: 'node.down', actor: 'actor:admin' }, 10, now)).toEqual({
      limit: 10,
      kinds: ['node.down'],
      actor: 'admin',
    });
  });

  it('bounds a custom range only where the user gave a bound', () => {
    const input = toEventsInput(
      { ...defaultFilter, range: 'custom', from: '2026-11-28T10:00', to: '' },
      10,
      now,
    );
    expect(input.since).toBe(new Date('2026-11-28T10:00').toISOString());
    expect(input.until).toBeUndefined();
  });
});

describe('matchesInput', () => {
  it('lets a pushed event in only when the server would have listed it', () => {
    expect(matchesInput(event(), { limit: 10 })).toBe(true);
    expect(matchesInput(event(), { limit: 10, groups: ['network'], actorClasses: ['user'] })).toBe(true);
    expect(matchesInput(event(), { limit: 10, groups: ['agent'] })).toBe(false);
    expect(matchesInput(event(), { limit: 10, actor: 'bob' })).toBe(false);
    expect(matchesInput(event(), { limit: 10, severities: ['error'] })).toBe(false);
    expect(matchesInput(event(), { limit: 10, search: 'SY-HOST1' })).toBe(true);
    expect(matchesInput(event(), { limit: 10, subjectContains: 'back' })).toBe(false);
    expect(matchesInput(event(), { limit: 10, since: '2026-11-28T11:59:30Z' })).toBe(false);
    expect(matchesInput(event({ actor: 'node:sy-host1' }), { limit: 10, actorClasses: ['agent'] })).toBe(
      true,
    );
  });
});

describe('URL round trip', () => {
  it('keeps every choice, and leaves defaults out', () => {
    const filter: TimelineFilter = {
      ...defaultFilter,
      kind: 'group:node',
      actor: 'actor:admin',
      search: 'x y',
    };
    const params = filterToParams(filter);
    expect(params.toString()).toBe('kind=group%3Anode&actor=actor%3Aadmin&search=x+y');
    expect(filterFromParams(params)).toEqual(filter);
  });

  it('falls back to defaults for what it cannot read', () => {
    const params = new URLSearchParams('kind=gremlin&severity=loud&actor=class:robot&range=forever');
    expect(filterFromParams(params)).toEqual(defaultFilter);
  });
});
