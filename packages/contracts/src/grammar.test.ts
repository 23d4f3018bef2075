import { describe, expect, it } from 'vitest';
import { containerCreateSchema } from './container-spec.js';
import {
  describeMs,
  durationMsSchema,
  interfaceNameSchema,
  maxDurationMs,
  networkAliasSchema,
  searchDomainSchema,
} from './grammar.js';
import { networkCreateSchema } from './network-spec.js';
import { describeZodError } from './requests/zod-error.js';
import { redirectUrlSchema } from './routes.js';
import { serviceSpecSchema } from './service-spec.js';

const problem = (result: { success: boolean; error?: Parameters<typeof describeZodError>[0] }) =>
  result.success ? null : describeZodError(result.error as Parameters<typeof describeZodError>[0]);

describe('DNS names: search domains and aliases', () => {
  it.each(['example.com', 'svc.cluster.local', 'db', 'my_db', 'web-1.corp'])('takes %s', (name) => {
    expect(searchDomainSchema.safeParse(name).success).toBe(true);
    expect(networkAliasSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ['example.com\nnameserver 203.0.113.1', 'must not contain spaces or control characters'],
    ['corp example.com', 'must not contain spaces or control characters'],
    ['a..b', 'has an empty label'],
    ['.example.com', 'has an empty label'],
    ['-lead.example.com', 'has an invalid label "-lead"'],
    ['x;y', 'has an invalid label "x;y"'],
    ['', 'must not be empty'],
    [`${'a'.repeat(64)}.com`, 'has an invalid label'],
    ['a.'.repeat(127) + 'a', 'must be at most 253 characters'],
  ])('refuses %j: %s', (name, reason) => {
    expect(problem(searchDomainSchema.safeParse(name))).toContain(reason);
  });

  it('refuses a bad search domain in a container request, naming the field', () => {
    const parsed = containerCreateSchema.safeParse({ image: 'x', dnsSearch: ['a\nb'] });
    expect(problem(parsed)).toBe(
      'dnsSearch.0: a search domain must not contain spaces or control characters',
    );
    expect(problem(containerCreateSchema.safeParse({ image: 'x', dnsSearch: Array(7).fill('a') }))).toContain(
      'dnsSearch: at most 6 search domains',
    );
  });
});

describe('interface names', () => {
  it.each(['br0', 'eth0.100', 'br-0123456789ab', 'a_b'])('takes %s', (name) => {
    expect(interfaceNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['', '.', '..', 'eth0:1', 'br/0', 'br 0', 'br\n0', 'a-name-of-16-chr'])('refuses %j', (name) => {
    expect(interfaceNameSchema.safeParse(name).success).toBe(false);
  });

  it('checks the bridge name and the macvlan parent options of a network', () => {
    expect(
      problem(
        networkCreateSchema.safeParse({ name: 'n', options: { 'com.docker.network.bridge.name': 'x/y' } }),
      ),
    ).toContain('options.com.docker.network.bridge.name: must be an interface name');
    expect(problem(networkCreateSchema.safeParse({ name: 'n', options: { parent: 'eth0 up' } }))).toContain(
      'options.parent: must be an interface name',
    );
    expect(networkCreateSchema.safeParse({ name: 'n', options: { parent: 'eth0.10' } }).success).toBe(true);
  });
});

describe('redirect URLs', () => {
  it('takes http and https URLs', () => {
    expect(redirectUrlSchema.parse('https://example.com/path?q=1')).toBe('https://example.com/path?q=1');
    expect(redirectUrlSchema.parse('  http://example.com  ')).toBe('http://example.com');
  });

  it.each([
    ['https://example.com/\r\nbackend evil', 'must not contain spaces'],
    ['https://example.com/a\tb', 'must not contain spaces'],
    ['https://example.com/a b', 'must not contain spaces'],
    ['https://example.com/"x', 'must not contain spaces'],
    ['https://exämple.com/', 'non-ASCII'],
    ['ftp://example.com/', 'must be an http:// or https:// URL'],
    ['javascript:alert(1)', 'must be an http:// or https:// URL'],
  ])('refuses %j', (url, reason) => {
    expect(problem(redirectUrlSchema.safeParse(url))).toContain(reason);
  });
});

describe('durations', () => {
  it('are at most a day, below the 2^31-1 ms where Node timers overflow', () => {
    expect(maxDurationMs).toBeLessThan(2 ** 31 - 1);
    expect(durationMsSchema().parse(maxDurationMs)).toBe(maxDurationMs);
    expect(problem(durationMsSchema().safeParse(2 ** 31))).toBe('(message): must be at most 24 h');
    expect(problem(durationMsSchema(100, 600_000).safeParse(50))).toContain('must be at least 100 ms');
    expect(describeMs(600_000)).toBe('600 s');
  });

  it('bound a service update delay and its health-check timings, naming the field', () => {
    const spec = (change: object) => serviceSpecSchema.safeParse({ name: 's', image: 'i', ...change });
    expect(problem(spec({ update: { parallelism: 1, delayMs: 2 ** 31 } }))).toBe(
      'update.delayMs: must be at most 24 h',
    );
    expect(problem(spec({ healthCheck: { kind: 'tcp', port: 80, intervalMs: 2 ** 31 } }))).toBe(
      'healthCheck.intervalMs: must be at most 3600 s',
    );
    expect(problem(spec({ networks: [{ network: 'n', aliases: ['a b'] }] }))).toBe(
      'networks.0.aliases.0: a network alias must not contain spaces or control characters',
    );
  });
});

describe('the label pinning a workload to a node', () => {
  it('must be a node name, named by its label', () => {
    expect(
      problem(networkCreateSchema.safeParse({ name: 'n', labels: { 'com.switchyard.node': 'host-1\nx' } })),
    ).toBe(
      'labels.com.switchyard.node: must be a node name: lower-case letters, digits and inner dashes, at most 63 characters',
    );
    expect(
      problem(containerCreateSchema.safeParse({ image: 'x', labels: { 'com.switchyard.node': '../h' } })),
    ).toContain('labels.com.switchyard.node: must be a node name');
    expect(
      containerCreateSchema.safeParse({
        image: 'x',
        labels: { 'com.switchyard.node': 'host-1', a: 'any thing' },
      }).success,
    ).toBe(true);
  });
});
