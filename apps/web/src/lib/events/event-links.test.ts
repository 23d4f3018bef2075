import { describe, expect, it } from 'vitest';
import { actorHref, messageParts, shortenIds, subjectHref } from './event-links';

const id = 'a'.repeat(64);

describe('subjectHref', () => {
  it.each([
    ['node.down', 'sy-host1', '/nodes/sy-host1'],
    ['agent.drift.repaired', 'sy-host2', '/nodes/sy-host2'],
    ['network.created', 'front', '/networks/front'],
    ['container.died', 'web.1.x', '/containers/web.1.x'],
    ['service.updated', 'web', '/services/web'],
    ['route.created', 'foo.example.com', '/routes'],
    ['diagnostics.run', 'tool', '/containers/tool'],
    ['user.created', 'bob', null],
    ['auth.login', 'admin', null],
  ] as const)('%s about %s leads to %s', (kind, subject, href) => {
    expect(subjectHref({ kind, subject })).toBe(href);
  });

  it('has nowhere to go without a subject, and escapes names', () => {
    expect(subjectHref({ kind: 'network.created', subject: null })).toBeNull();
    expect(subjectHref({ kind: 'network.created', subject: 'sy-host1/docker_gwbridge' })).toBe(
      '/networks/sy-host1%2Fdocker_gwbridge',
    );
  });
});

describe('actorHref', () => {
  it('leads an agent to its node', () => {
    expect(actorHref('node:sy-host3')).toBe('/nodes/sy-host3');
    expect(actorHref('admin')).toBeNull();
  });
});

describe('messageParts', () => {
  it('links the object keys in a message and shortens their ids', () => {
    expect(
      messageParts(
        `sy-host1 found drift and repaired it: network front (network/${id}), sysctl/net.ipv4.ip_forward`,
      ),
    ).toEqual([
      { text: 'sy-host1 found drift and repaired it: network front (' },
      { text: `network/${'a'.repeat(12)}…`, href: `/networks/${id}`, title: `network/${id}` },
      { text: '), ' },
      { text: 'sysctl/net.ipv4.ip_forward' },
    ]);
  });

  it('leaves a message without keys whole', () => {
    expect(messageParts('admin created network front')).toEqual([{ text: 'admin created network front' }]);
  });

  it('shortens every long id', () => {
    expect(shortenIds(`x ${id} y`)).toBe(`x ${'a'.repeat(12)}… y`);
  });
});
