import { describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { actorSource, eventsToCsv, eventsToJson, exportFileName } from './audit-export';

const event = (over: Partial<SwitchyardEvent>): SwitchyardEvent => ({
  id: 'e1',
  at: '2026-11-28T12:00:00.000Z',
  kind: 'network.created',
  severity: 'info',
  actor: 'admin',
  subject: 'front',
  message: 'admin created network front',
  ...over,
});

describe('actorSource', () => {
  it.each([
    ['admin', 'dashboard'],
    ['docker-api@127.0.0.1', 'Docker Engine API from 127.0.0.1'],
    ['docker-api:vera', "Docker Engine API, vera's bundle"],
    ['root', "Docker Engine API's local socket"],
    ['local-cli', 'switchyard CLI on the control plane host'],
    ['anonymous@10.0.0.5', 'no session, from 10.0.0.5'],
    ['mallory@10.0.0.6', 'sign-in attempt from 10.0.0.6'],
    ['node:sy-host1', 'agent'],
    ['system', 'control plane'],
  ])('%s: %s', (actor, source) => {
    expect(actorSource(actor)).toBe(source);
  });
});

describe('eventsToCsv', () => {
  it('writes a header and one quoted-where-needed row per event', () => {
    const csv = eventsToCsv([
      event({}),
      event({
        id: 'e2',
        actor: 'docker-api@127.0.0.1',
        subject: null,
        message: 'said "hi", twice\nthen left',
      }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      'time,kind,severity,actor,source,subject,message',
      '2026-11-28T12:00:00.000Z,network.created,info,admin,dashboard,front,admin created network front',
      '2026-11-28T12:00:00.000Z,network.created,info,docker-api@127.0.0.1,Docker Engine API from 127.0.0.1,,"said ""hi"", twice\nthen left"',
      '',
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = eventsToCsv([event({ subject: '=HYPERLINK("x")', message: '@SUM(1)' })]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain(`'@SUM(1)`);
  });
});

describe('eventsToJson and exportFileName', () => {
  it('exports the events as they are, under a dated name', () => {
    expect(JSON.parse(eventsToJson([event({})]))).toEqual([event({})]);
    expect(exportFileName('audit', 'csv', new Date('2026-11-28T12:03:04.567Z'))).toBe(
      'switchyard-audit-2026-11-28T12-03-04.csv',
    );
  });
});
