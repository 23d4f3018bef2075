import { describe, expect, it } from 'vitest';
import type { ContainerView, NetworkView } from '@switchyard/contracts';
import { containerMatches, parseContainerFilters } from './container-filters.js';
import { labelsMatch, parseFilters } from './filters.js';
import { networkMatches, parseNetworkFilters, parseUntil, pruneCandidates } from './network-filters.js';

const network = (change: Partial<NetworkView>): NetworkView => ({
  id: 'aaaabbbbcccc',
  name: 'front',
  driver: 'bridge',
  scope: 'local',
  nodeId: null,
  nodeName: null,
  ipam: [],
  internal: false,
  attachable: false,
  ingress: false,
  predefined: false,
  options: {},
  labels: {},
  vni: null,
  configOnly: false,
  configFrom: null,
  peers: [],
  createdAt: '2026-11-28T10:00:00.000Z',
  containers: [],
  realisation: [],
  ...change,
});

describe('parseFilters', () => {
  it('reads the current and the pre-1.22 encodings', () => {
    expect(parseFilters('{"name":{"x":true,"y":true}}', ['name'])).toEqual(new Map([['name', ['x', 'y']]]));
    expect(parseFilters('{"name":["x"]}', ['name'])).toEqual(new Map([['name', ['x']]]));
    expect(parseFilters(null, ['name'])).toEqual(new Map());
  });

  it('refuses unknown keys and bad JSON as Docker does', () => {
    expect(() => parseFilters('{"bogus":{"1":true}}', ['name'])).toThrow("invalid filter 'bogus'");
    expect(() => parseFilters('{', ['name'])).toThrow('invalid filter: {');
  });

  it('matches labels by key or key=value', () => {
    expect(labelsMatch(['k'], { k: 'v' })).toBe(true);
    expect(labelsMatch(['k=v'], { k: 'v' })).toBe(true);
    expect(labelsMatch(['k=w'], { k: 'v' })).toBe(false);
  });
});

describe('network ls filters', () => {
  const views = [
    network({ name: 'bridge', predefined: true }),
    network({ name: 'host', driver: 'host', predefined: true }),
    network({ name: 'front', labels: { tier: 'web' } }),
    network({
      name: 'back',
      id: 'ddddeeee',
      containers: [
        {
          containerId: 'c',
          containerName: 'w',
          endpointId: 'e',
          nodeName: 'n',
          mac: 'm',
          ipv4Address: 'a',
          aliases: [],
        },
      ],
    }),
  ];
  const names = (filters: string) =>
    views.filter((view) => networkMatches(view, parseNetworkFilters(filters))).map((view) => view.name);

  it.each([
    ['{"type":{"custom":true}}', ['front', 'back']],
    ['{"type":{"builtin":true}}', ['bridge', 'host']],
    ['{"driver":{"host":true}}', ['host']],
    ['{"name":{"ront":true}}', ['front']],
    ['{"name":{"b":true}}', ['bridge', 'back']],
    // Literal, never a regular expression from the caller's text (issue 14).
    ['{"name":{"^b":true}}', []],
    ['{"name":{".*":true}}', []],
    ['{"name":{"(a+)+$":true}}', []],
    ['{"id":{"dddd":true}}', ['back']],
    ['{"label":{"tier=web":true}}', ['front']],
    ['{"dangling":{"true":true}}', ['front']],
    ['{"dangling":{"false":true}}', ['bridge', 'host', 'back']],
    ['{"scope":{"swarm":true}}', []],
  ])('%s', (filters, expected) => expect(names(filters)).toEqual(expected));

  it('refuses a type that is not custom or builtin', () => {
    expect(() => parseNetworkFilters('{"type":{"foo":true}}')).toThrow("invalid filter: 'type'='foo'");
  });
});

describe('network prune filters', () => {
  const now = Date.parse('2026-11-28T12:00:00.000Z');

  it('reads until as a timestamp, an RFC 3339 time or a duration', () => {
    expect(parseUntil('1700000000', now)).toBe(1_700_000_000_000);
    expect(parseUntil('1h30m', now)).toBe(now - 5_400_000);
    expect(parseUntil('2026-11-28T11:00:00Z', now)).toBe(Date.parse('2026-11-28T11:00:00Z'));
    expect(() => parseUntil('soon', now)).toThrow("invalid filter 'until=soon'");
  });

  it('keeps predefined and used networks, and honours label, label! and until', () => {
    const views = [
      network({ name: 'bridge', predefined: true }),
      network({ name: 'old', labels: { keep: 'no' } }),
      network({ name: 'new', createdAt: '2026-11-28T11:59:00.000Z' }),
      network({ name: 'kept', labels: { keep: 'yes' } }),
    ];
    const pruned = (filters: Map<string, string[]>) =>
      pruneCandidates(views, filters, now).map((view) => view.name);
    expect(pruned(new Map([['until', ['10m']]]))).toEqual(['old', 'kept']);
    expect(pruned(new Map([['label', ['keep=no']]]))).toEqual(['old']);
    expect(pruned(new Map([['label!', ['keep=yes']]]))).toEqual(['old', 'new']);
  });
});

describe('docker ps filters', () => {
  const container: ContainerView = {
    id: 'abcdef',
    name: 'web',
    image: 'switchyard/whoami',
    imageId: null,
    command: [],
    env: {},
    labels: { app: 'x' },
    hostname: 'web',
    createdAt: '2026-11-28T10:00:00.000Z',
    nodeId: 'n1',
    nodeName: 'host-1',
    netns: null,
    networkMode: 'front',
    desiredRunning: false,
    status: 'exited',
    pid: null,
    exitCode: 3,
    startedAt: '2026-11-28T10:00:01.000Z',
    finishedAt: '2026-11-28T10:00:02.000Z',
    restartCount: 0,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    error: null,
    ports: [],
    exposedPorts: [],
    dns: [],
    dnsSearch: [],
    networks: [
      {
        networkId: 'nid',
        networkName: 'front',
        endpointId: 'e',
        aliases: [],
        ipv4Address: null,
        prefixLength: null,
        gateway: null,
        mac: null,
      },
    ],
  };
  const matches = (filters: string) => containerMatches(container, parseContainerFilters(filters));

  it.each([
    ['{"name":{"/web":true}}', true],
    ['{"name":{"eb":true}}', true],
    ['{"id":{"abc":true}}', true],
    ['{"id":{"bcd":true}}', false],
    ['{"status":{"exited":true}}', true],
    ['{"status":{"running":true,"exited":true}}', true],
    ['{"status":{"running":true}}', false],
    ['{"exited":{"3":true}}', true],
    ['{"ancestor":{"switchyard/whoami:latest":true}}', true],
    ['{"network":{"front":true}}', true],
    ['{"network":{"nid":true}}', true],
    ['{"label":{"app=x":true},"name":{"web":true}}', true],
    ['{"label":{"app=y":true}}', false],
  ])('%s -> %s', (filters, expected) => expect(matches(filters)).toBe(expected));

  it('refuses an unknown status', () => {
    expect(() => parseContainerFilters('{"status":{"sleeping":true}}')).toThrow(
      "invalid filter 'status=sleeping'",
    );
  });
});
